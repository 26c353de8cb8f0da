// `flokit-gen docs`, and the docs part of `generate`, `check` and `watch` when the config names a
// `docs` location. In: flags or the configured location, the taxonomy. Out: the plan written as a
// static site (index.html + plan.json) or one Markdown file; or a comparison with what is on disk.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { emitDocs, MARKDOWN_FILE, type DocsFormat, type GeneratedFile, type Taxonomy } from '../index.js';
import { EXIT_INVALID, EXIT_OK, paint, printDiagnostics, shown, type Io } from './io.js';
import { loadProjectTaxonomy, projectPaths, type PathFlags } from './paths.js';

export interface DocsFlags extends Omit<PathFlags, 'out'> {
  readonly out?: string;
  readonly format?: DocsFormat;
  readonly quiet?: boolean;
}

const DEFAULT_DOCS = 'docs/plan';

/** The files for a docs location: a `.md` path is one Markdown file, anything else a directory. */
function docsFiles(taxonomy: Taxonomy, location: string, format: DocsFormat | undefined): { dir: string; files: GeneratedFile[] } {
  if (location.endsWith('.md')) return { dir: dirname(location), files: emitDocs(taxonomy, 'markdown').map((f) => ({ ...f, path: basename(location) })) };
  return { dir: location, files: emitDocs(taxonomy, format ?? 'html') };
}

/** The flags that choose the project and its taxonomy (a command's `--out` is not the docs'). */
function taxonomyFlags(flags: PathFlags): PathFlags {
  return { ...(flags.taxonomy === undefined ? {} : { taxonomy: flags.taxonomy }), ...(flags.cwd === undefined ? {} : { cwd: flags.cwd }) };
}

function write(dir: string, files: readonly GeneratedFile[]): string[] {
  const written: string[] = [];
  for (const file of files) {
    const target = join(dir, file.path);
    if (read(target) === file.contents) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
    written.push(target);
  }
  return written;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function docsCommand(flags: DocsFlags, io: Io): Promise<number> {
  const { paths, diagnostics } = projectPaths(taxonomyFlags(flags));
  if (diagnostics.length > 0) {
    printDiagnostics(io, diagnostics);
    return EXIT_INVALID;
  }
  const taxonomy = loadProjectTaxonomy(paths, io, 'nothing was written');
  if (taxonomy === undefined) return EXIT_INVALID;
  const location = flags.out === undefined ? (paths.docs ?? join(paths.cwd, flags.format === 'markdown' ? `${DEFAULT_DOCS}/${MARKDOWN_FILE}` : DEFAULT_DOCS)) : resolve(paths.cwd, flags.out);
  return writeDocs(taxonomy, location, flags, io);
}

/** Writes the plan's docs at `location` (what changed only); for `docs`, and `generate` and `watch` when the config names a location. */
export async function writeDocs(taxonomy: Taxonomy, location: string, flags: { readonly format?: DocsFormat; readonly quiet?: boolean }, io: Io): Promise<number> {
  const { dir, files } = docsFiles(taxonomy, location, flags.format);
  const written = write(dir, files);
  if (flags.quiet !== true) await io.out(`${taxonomy.name} ${taxonomy.version}: the plan → ${files.map((f) => shown(join(dir, f.path))).join(', ')} (${written.length} written, ${files.length - written.length} unchanged).`);
  return EXIT_OK;
}

/** For `check`: exit 1, naming each missing or changed file, when the docs at `location` are stale. */
export async function checkDocs(taxonomy: Taxonomy, location: string, flags: { readonly quiet?: boolean }, io: Io): Promise<number> {
  const { dir, files } = docsFiles(taxonomy, location, undefined);
  const stale = files.filter((f) => read(join(dir, f.path)) !== f.contents);
  if (stale.length === 0) {
    if (flags.quiet !== true) await io.out(`${shown(location)} is up to date.`);
    return EXIT_OK;
  }
  for (const f of stale) io.err(`${paint(io, 'yellow', read(join(dir, f.path)) === undefined ? 'missing:' : 'changed:')} ${shown(join(dir, f.path))}`);
  io.err(`\nthe docs in ${shown(location)} are stale: run \`npx flokit-gen docs\` (or \`generate\`).`);
  return EXIT_INVALID;
}
