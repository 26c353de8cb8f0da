// Writing and checking generated files. writeFiles puts every file in place or, on any error, leaves
// the output directory as it was: new contents are staged beside their targets first, then renamed.
// Only files whose bytes changed are rewritten, and stale files that carry our header are removed
// (never a file we did not write). checkFiles compares without writing anything. The manifest
// records which taxonomy bytes produced which output bytes, so `isFreshByManifest` can tell an
// unchanged tree from hashes alone, without loading or generating anything; it lists the configured
// docs files too (written elsewhere, by writeDocsFiles), so a project with docs keeps that fast
// path. `watch` keeps an OutputMemory between runs: the hash of each file it wrote and of each text.
// In: an output directory and GeneratedFile[]. Out: what changed.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { HEADER_MARK } from './emit/header.js';
import { partsOf } from './emit/file.js';
import type { GeneratedFile, JavaScriptModule } from './generate.js';
import { listTaxonomyFiles, type SourceDigest } from './load/index.js';
import { VERSION } from './package-files.js';
import { holdsText, readHead, sha256, sha256File, writeText } from './text-bytes.js';

/** A file of the docs the config asks for: written outside the output directory, listed in its manifest. */
export interface DocsFile {
  /** Absolute path. */
  readonly file: string;
  readonly contents: string;
}

export interface WriteReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

export interface CheckReport {
  /** The manifest is left out of missing/changed: it only speeds checks up (see isFreshByManifest). */
  readonly missing: readonly string[];
  readonly changed: readonly { readonly path: string; readonly expected: string; readonly actual: string }[];
  readonly extra: readonly string[];
  /**
   * Expected files include a manifest that is absent or differs (a comment edited in the YAML
   * changes the taxonomy's bytes, not the output): `generate` would refresh it.
   */
  readonly manifestOutdated: boolean;
}

/**
 * What a long-lived process (watch) keeps of its output between runs, so that a run after a
 * one-event edit neither reads every file back nor hashes every text again: each file's SHA-256 as
 * last read or written, with the size and modification time that say it is still on disk as it was,
 * and each generated text's SHA-256 with the parts it was computed from (bench/README.md has what it
 * buys). No contents are kept: files are compared by their digests.
 */
export class OutputMemory {
  readonly files = new Map<string, { readonly sha256: string; readonly size: number; readonly mtimeMs: number }>();
  readonly digests = new Map<string, { readonly parts: readonly string[]; readonly sha256: string }>();

  /** The SHA-256 of `parts` joined, the file at `path` in the output; computed again only when a part changed. */
  digest(path: string, parts: readonly string[]): string {
    const known = this.digests.get(path);
    if (known !== undefined && known.parts.length === parts.length && known.parts.every((part, i) => part === parts[i])) return known.sha256;
    const digest = sha256(parts);
    this.digests.set(path, { parts, sha256: digest });
    return digest;
  }
}

export function writeFiles(outDir: string, files: readonly GeneratedFile[], memory?: OutputMemory): WriteReport {
  const current = new OutputListing(outDir, memory);
  const wanted = new Set(files.map((f) => f.path));
  const changed = files.filter((f) => !current.holds(f));
  const changedPaths = new Set(changed.map((f) => f.path));
  const stale = [...current.files.keys()].filter((path) => !wanted.has(path) && current.isOurs(path));
  const staged: [string, string][] = [];
  const createdDirs: string[] = [];
  // Renamed into place: each target and the backup of what it replaced.
  const moved: { readonly target: string; readonly backup: string }[] = [];
  const suffix = `.flokit-gen-${process.pid}`;
  // Files new to the directory are written in place (exclusively: nothing is there to replace), and
  // removed again on failure; a first run into an empty directory then costs one write a file.
  const created: string[] = [];
  try {
    // One mkdir per directory, not per file: a thousand schemas share one.
    const present = new Set<string>();
    for (const file of changed) {
      const target = join(outDir, file.path);
      const parent = dirname(target);
      if (!present.has(parent)) {
        const dir = mkdirSync(parent, { recursive: true });
        if (dir !== undefined) createdDirs.push(dir);
        present.add(parent);
      }
      if (!current.files.has(file.path)) {
        try {
          writeText(target, partsOf(file), 'wx');
        } catch (error) {
          // Something that is not a file is in the way (a directory): it would fail mid-way, or be replaced.
          const code = (error as NodeJS.ErrnoException).code;
          throw code === 'EEXIST' || code === 'EISDIR' ? new Error(`cannot write ${target}: something that is not a file is in the way`) : error;
        }
        created.push(target);
        continue;
      }
      const temp = `${target}${suffix}.tmp`;
      writeText(temp, partsOf(file));
      staged.push([temp, target]);
    }
    // Two phases: every old file is kept as a backup until every new one is in place, so a rename
    // failing part-way is rolled back and the output directory is as it was.
    for (const [temp, target] of staged) {
      const backup = `${target}${suffix}.bak`;
      renameSync(target, backup);
      moved.push({ target, backup });
      renameSync(temp, target);
    }
  } catch (error) {
    for (const target of created) rmSync(target, { force: true });
    for (const { target, backup } of moved.reverse()) {
      rmSync(target, { force: true });
      renameSync(backup, target);
    }
    for (const [temp] of staged) rmSync(temp, { force: true });
    // mkdirSync reports the first directory it created; the ones under it go with it.
    for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  for (const { backup } of moved) rmSync(backup, { force: true });
  for (const path of stale) rmSync(join(outDir, path));
  if (memory !== undefined) {
    for (const path of stale) memory.files.delete(path);
    for (const file of changed) remember(memory, file.path, join(outDir, file.path), memory.digest(file.path, partsOf(file)));
  }
  return { written: [...changedPaths], unchanged: files.filter((f) => !changedPaths.has(f.path)).map((f) => f.path), removed: stale };
}

export function checkFiles(outDir: string, files: readonly GeneratedFile[]): CheckReport {
  const current = new OutputListing(outDir);
  const wanted = new Set(files.map((f) => f.path));
  const output = files.filter((f) => f.path !== MANIFEST);
  const manifest = files.find((f) => f.path === MANIFEST);
  return {
    missing: output.filter((f) => !current.files.has(f.path)).map((f) => f.path),
    changed: output.flatMap((f) => {
      if (!current.files.has(f.path) || current.holds(f)) return [];
      return [{ path: f.path, expected: f.contents, actual: current.text(f.path) ?? '' }];
    }),
    extra: [...current.files.keys()].filter((path) => !wanted.has(path) && current.isOurs(path)),
    manifestOutdated: manifest !== undefined && !current.holds(manifest),
  };
}

export function isFresh(report: CheckReport): boolean {
  return report.missing.length === 0 && report.changed.length === 0 && report.extra.length === 0;
}

/** The manifest's file name in the output directory. */
export const MANIFEST = 'flokit-gen.manifest.json';

interface Manifest {
  /** The flokit-gen version that wrote it: another version may write other bytes. */
  readonly generator: string;
  /** Taxonomy files, relative to the output directory, by the SHA-256 of their bytes. */
  readonly sources: Readonly<Record<string, string>>;
  /** Every other generated file by the SHA-256 of its contents. */
  readonly files: Readonly<Record<string, string>>;
  /** Present for JavaScript output: its module format (absent: TypeScript). */
  readonly javascript?: JavaScriptModule;
  /** Present when the config names docs: their files, relative to the output directory, by SHA-256. */
  readonly docs?: Readonly<Record<string, string>>;
}

function fromOut(outDir: string, file: string): string {
  return relative(resolve(outDir), resolve(file)).split(sep).join('/');
}

/** `files` plus the manifest that lists them, the taxonomy files they came from, the output language and the docs. */
export function withManifest(outDir: string, files: readonly GeneratedFile[], sources: readonly SourceDigest[], options: { readonly javascript?: JavaScriptModule; readonly memory?: OutputMemory; readonly docs?: readonly DocsFile[] } = {}): GeneratedFile[] {
  const { javascript, memory, docs } = options;
  const sorted = (entries: [string, string][]): Record<string, string> => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const manifest: Manifest & { $comment: string } = {
    $comment: `${HEADER_MARK} ${VERSION}. Do not edit: \`flokit-gen check\` reads it to tell, from hashes alone, that this directory matches the taxonomy.`,
    generator: VERSION,
    sources: sorted(sources.map((s) => [fromOut(outDir, s.file), s.sha256])),
    files: sorted(files.map((f) => [f.path, memory === undefined ? sha256(partsOf(f)) : memory.digest(f.path, partsOf(f))])),
    ...(javascript === undefined ? {} : { javascript }),
    ...(docs === undefined ? {} : { docs: sorted(docs.map((d) => [fromOut(outDir, d.file), sha256(d.contents)])) }),
  };
  return [...files, { path: MANIFEST, contents: JSON.stringify(manifest, null, 2) + '\n' }];
}

/**
 * True when the manifest in `outDir` was written by this flokit-gen version from exactly the bytes
 * of the taxonomy files at `taxonomyPath` for the same output language (`javascript`), every file it
 * lists is unchanged, and no other file of ours is there; with `docs` (the absolute paths of the
 * docs files the config asks for), exactly those are listed and unchanged. False means "not known
 * to be fresh": generate and compare to find out.
 */
export function isFreshByManifest(outDir: string, taxonomyPath: string, javascript?: JavaScriptModule, docs?: readonly string[]): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8')) as Partial<Manifest>;
    if (manifest.generator !== VERSION || manifest.javascript !== javascript || typeof manifest.sources !== 'object' || typeof manifest.files !== 'object') return false;
    if (!docsUnchanged(outDir, manifest.docs, docs)) return false;
    const taxonomyFiles = listTaxonomyFiles(taxonomyPath) ?? [];
    const sources = manifest.sources as Record<string, unknown>;
    if (taxonomyFiles.length === 0 || taxonomyFiles.length !== Object.keys(sources).length) return false;
    if (!taxonomyFiles.every((file) => sources[fromOut(outDir, file)] === sha256File(file))) return false;
    const listed = manifest.files as Record<string, unknown>;
    const current = new OutputListing(outDir);
    for (const [path, hash] of Object.entries(listed)) {
      const full = current.files.get(path);
      if (full === undefined || sha256File(full) !== hash) return false;
    }
    return [...current.files.keys()].every((path) => path === MANIFEST || Object.hasOwn(listed, path) || !current.isOurs(path));
  } catch {
    return false;
  }
}

function docsUnchanged(outDir: string, listed: Readonly<Record<string, unknown>> | undefined, docs: readonly string[] | undefined): boolean {
  if (docs === undefined || listed === undefined) return docs === listed;
  return docs.length === Object.keys(listed).length && docs.every((file) => listed[fromOut(outDir, file)] === sha256File(file));
}

/** Writes the docs files whose bytes differ (creating directories); returns the paths written. */
export function writeDocsFiles(files: readonly DocsFile[]): string[] {
  const written: string[] = [];
  for (const { file, contents } of files) {
    if (readText(file) === contents) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeText(file, contents);
    written.push(file);
  }
  return written;
}

/** The docs files whose bytes on disk differ from `files`' (missing ones included). */
export function staleDocsFiles(files: readonly DocsFile[]): { readonly file: string; readonly missing: boolean }[] {
  return files.flatMap(({ file, contents }) => {
    const current = readText(file);
    return current === contents ? [] : [{ file, missing: current === undefined }];
  });
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The files under an output directory by relative path with `/` separators (an absent directory is
 * empty), read only as far as each question needs: a file is compared with a text a chunk of bytes
 * at a time, after its size (a first run's 26 MB at 1,000 events are never decoded), and with a
 * memory (watch), a file whose size and modification time are as remembered is not read at all.
 */
class OutputListing {
  /** Relative path → absolute path. */
  readonly files = new Map<string, string>();

  constructor(
    outDir: string,
    private readonly memory?: OutputMemory,
  ) {
    let entries;
    try {
      entries = readdirSync(outDir, { withFileTypes: true, recursive: true });
    } catch {
      memory?.files.clear();
      return;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      this.files.set(relative(outDir, full).split(sep).join('/'), full);
    }
    if (memory !== undefined) for (const path of memory.files.keys()) if (!this.files.has(path)) memory.files.delete(path);
  }

  /** True when the file at `file.path` exists and holds exactly `file`'s contents. */
  holds(file: GeneratedFile): boolean {
    const full = this.files.get(file.path);
    if (full === undefined) return false;
    if (this.memory === undefined) return holdsText(full, partsOf(file));
    const known = this.memory.files.get(file.path);
    const stat = statSync(full);
    const digest = known !== undefined && known.size === stat.size && known.mtimeMs === stat.mtimeMs ? known.sha256 : remember(this.memory, file.path, full, sha256File(full));
    return digest === this.memory.digest(file.path, partsOf(file));
  }

  /** The whole text of the file at `path`, if there is one. */
  text(path: string): string | undefined {
    const full = this.files.get(path);
    return full === undefined ? undefined : readFileSync(full, 'utf8');
  }

  /** True when the file at `path` carries our header: we wrote it, and may remove it. */
  isOurs(path: string): boolean {
    const full = this.files.get(path);
    return full !== undefined && readHead(full, 1200).slice(0, 400).includes(HEADER_MARK);
  }
}

/** Notes `sha256` as the digest of `full` (`path` in the output) as it is on disk now. */
function remember(memory: OutputMemory, path: string, full: string, sha256: string): string {
  const { size, mtimeMs } = statSync(full);
  memory.files.set(path, { sha256, size, mtimeMs });
  return sha256;
}
