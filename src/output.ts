// Writing and checking generated files. writeFiles puts every file in place or, on any error, leaves
// the output directory as it was: new contents are staged beside their targets first, then renamed.
// Only files whose bytes changed are rewritten, and stale files that carry our header are removed
// (never a file we did not write). checkFiles compares without writing anything.
// In: an output directory and GeneratedFile[]. Out: what changed.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { HEADER_MARK } from './emit/header.js';
import type { GeneratedFile } from './generate.js';
import { VERSION } from './package-files.js';

export interface WriteReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

export interface CheckReport {
  readonly missing: readonly string[];
  readonly changed: readonly { readonly path: string; readonly expected: string; readonly actual: string }[];
  readonly extra: readonly string[];
}

export function writeFiles(outDir: string, files: readonly GeneratedFile[]): WriteReport {
  const current = readOutput(outDir);
  const wanted = new Set(files.map((f) => f.path));
  const changed = files.filter((f) => current.get(f.path) !== f.contents);
  const changedPaths = new Set(changed.map((f) => f.path));
  const stale = [...current.keys()].filter((path) => !wanted.has(path) && isOurs(current.get(path) ?? ''));
  const staged: [string, string][] = [];
  try {
    for (const file of changed) {
      const target = join(outDir, file.path);
      const temp = `${target}.flokit-gen-${process.pid}.tmp`;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(temp, file.contents);
      staged.push([temp, target]);
    }
  } catch (error) {
    for (const [temp] of staged) rmSync(temp, { force: true });
    throw error;
  }
  for (const [temp, target] of staged) renameSync(temp, target);
  for (const path of stale) rmSync(join(outDir, path));
  return { written: [...changedPaths], unchanged: files.filter((f) => !changedPaths.has(f.path)).map((f) => f.path), removed: stale };
}

export function checkFiles(outDir: string, files: readonly GeneratedFile[]): CheckReport {
  const current = readOutput(outDir);
  const wanted = new Set(files.map((f) => f.path));
  return {
    missing: files.filter((f) => !current.has(f.path)).map((f) => f.path),
    changed: files.flatMap((f) => {
      const actual = current.get(f.path);
      return actual === undefined || actual === f.contents ? [] : [{ path: f.path, expected: f.contents, actual }];
    }),
    extra: [...current.keys()].filter((path) => !wanted.has(path) && isOurs(current.get(path) ?? '')),
  };
}

/**
 * The artefact cache kept between runs, in `node_modules/.cache/flokit-gen/` (the usual home of
 * tool caches, ignored by git). Absent, unreadable or from another flokit-gen version: empty.
 */
export function readCache(cwd: string): Map<string, string> {
  try {
    const saved = JSON.parse(readFileSync(cacheFile(cwd), 'utf8')) as { version?: unknown; entries?: unknown };
    if (saved.version !== VERSION || typeof saved.entries !== 'object' || saved.entries === null) return new Map();
    return new Map(Object.entries(saved.entries).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return new Map();
  }
}

/** Saves the cache when the project has a node_modules directory; a cache is never worth an error. */
export function writeCache(cwd: string, cache: ReadonlyMap<string, string>): void {
  try {
    if (!statSync(join(cwd, 'node_modules')).isDirectory()) return;
    const file = cacheFile(cwd);
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ version: VERSION, entries: Object.fromEntries(cache) }));
    renameSync(temp, file);
  } catch {
    // No node_modules, or read-only: run without a cache.
  }
}

function cacheFile(cwd: string): string {
  return join(cwd, 'node_modules', '.cache', 'flokit-gen', 'artefacts.json');
}

export function isFresh(report: CheckReport): boolean {
  return report.missing.length === 0 && report.changed.length === 0 && report.extra.length === 0;
}

function isOurs(contents: string): boolean {
  return contents.slice(0, 400).includes(HEADER_MARK);
}

/** Every file under `outDir` by relative path with `/` separators; an absent directory is empty. */
function readOutput(outDir: string): Map<string, string> {
  const out = new Map<string, string>();
  let entries;
  try {
    entries = readdirSync(outDir, { withFileTypes: true, recursive: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.set(relative(outDir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
  }
  return out;
}
