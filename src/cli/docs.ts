// `flokit-gen docs`, and the docs part of `generate`, `check` and `watch` when the config names a
// `docs` location (those list the docs in the output's manifest, so an unchanged project is proven
// fresh from hashes, docs included). In: flags or the configured location, the taxonomy. Out: the
// plan written as a static site (index.html + plan.json) or one Markdown file; or a comparison with
// what is on disk.
import { join, resolve } from 'node:path';
import { emitDocs, HTML_FILES, MARKDOWN_FILE, staleDocsFiles, writeDocsFiles, type DocsFile, type DocsFormat, type Taxonomy } from '../index.js';
import { EXIT_INVALID, EXIT_OK, paint, printDiagnostics, shown, type Io } from './io.js';
import { loadProjectTaxonomy, projectPaths, type PathFlags } from './paths.js';

export interface DocsFlags extends Omit<PathFlags, 'out'> {
  readonly out?: string;
  readonly format?: DocsFormat;
  readonly quiet?: boolean;
}

const DEFAULT_DOCS = 'docs/plan';

/** The docs at `location`, at their absolute paths: a `.md` location is one Markdown file, anything else a directory. */
export function docsOf(taxonomy: Taxonomy, location: string, format?: DocsFormat): DocsFile[] {
  if (location.endsWith('.md')) return emitDocs(taxonomy, 'markdown').map((f) => ({ file: location, contents: f.contents }));
  return emitDocs(taxonomy, format ?? 'html').map((f) => ({ file: join(location, f.path), contents: f.contents }));
}

/** The files a configured `docs` location holds (HTML for a directory), known before anything is loaded. */
export function docsTargets(location: string): string[] {
  return location.endsWith('.md') ? [location] : HTML_FILES.map((name) => join(location, name));
}

/** The flags that choose the project and its taxonomy (a command's `--out` is not the docs'). */
function taxonomyFlags(flags: PathFlags): PathFlags {
  return { ...(flags.taxonomy === undefined ? {} : { taxonomy: flags.taxonomy }), ...(flags.cwd === undefined ? {} : { cwd: flags.cwd }) };
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
  const files = docsOf(taxonomy, location, flags.format);
  await reportDocs(taxonomy, files, writeDocsFiles(files), flags, io);
  return EXIT_OK;
}

/** The line `docs`, `generate` and `watch` print after writing the docs. */
export async function reportDocs(taxonomy: Taxonomy, files: readonly DocsFile[], written: readonly string[], flags: { readonly quiet?: boolean }, io: Io): Promise<void> {
  if (flags.quiet === true) return;
  await io.out(`${taxonomy.name} ${taxonomy.version}: the plan → ${files.map((f) => shown(f.file)).join(', ')} (${written.length} written, ${files.length - written.length} unchanged).`);
}

/** For `check`: exit 1, naming each missing or changed file, when the docs at `location` are stale. */
export async function checkDocs(files: readonly DocsFile[], location: string, flags: { readonly quiet?: boolean }, io: Io): Promise<number> {
  const stale = staleDocsFiles(files);
  if (stale.length === 0) {
    if (flags.quiet !== true) await io.out(`${shown(location)} is up to date.`);
    return EXIT_OK;
  }
  for (const { file, missing } of stale) io.err(`${paint(io, 'yellow', missing ? 'missing:' : 'changed:')} ${shown(file)}`);
  io.err(`\nthe docs in ${shown(location)} are stale: run \`npx flokit-gen docs\` (or \`generate\`).`);
  return EXIT_INVALID;
}
