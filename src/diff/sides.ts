// The two sides of a diff, each loaded into the IR: the working tree (the taxonomy the project's
// config names), a taxonomy file or directory, or a git ref (the taxonomy the config *at that ref*
// names, read from git's objects). A ref's files are copied to a temporary directory and loaded
// there by the ordinary loader, so every check and diagnostic is the one `generate` gives; the
// diagnostics then name `ref:path`. In: what the user typed and the project directory. Out: a
// taxonomy, located diagnostics, or a problem with the side itself (an unknown ref, no taxonomy).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILES, loadConfig } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Taxonomy } from '../model/ir.js';
import { loadTaxonomy } from '../pipeline.js';

export interface LoadedSide {
  /** How the side is named in reports: the ref or path as typed, or `working tree`. */
  readonly label: string;
  readonly taxonomy?: Taxonomy;
  /** The taxonomy's problems, located (`ref:path:line:col` for a git side). */
  readonly diagnostics: readonly Diagnostic[];
  /** A problem with the side itself, with what to do about it. */
  readonly problem?: { readonly message: string; readonly hint?: string };
  /** The side is a git ref at which the taxonomy did not exist (with `problem`). */
  readonly absent?: true;
}

export const WORKING_TREE = 'working tree';

/**
 * `spec`: undefined for the working tree; an existing file or directory (relative to `cwd`) is a
 * path; anything else is a git ref. `show` turns a path into how the user should read it.
 */
export function loadSide(spec: string | undefined, cwd: string, show: (path: string) => string = (p) => p): LoadedSide {
  if (spec === undefined) {
    const { config, diagnostics } = loadConfig(cwd);
    if (diagnostics.length > 0) return { label: WORKING_TREE, diagnostics };
    return { label: WORKING_TREE, ...loadTaxonomy(show(config.taxonomy)) };
  }
  const path = resolve(cwd, spec);
  if (existsSync(path)) return { label: spec, ...loadTaxonomy(show(path)) };
  return loadGitSide(spec, cwd);
}

function git(cwd: string, args: readonly string[]): Buffer {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
}

function gitText(cwd: string, args: readonly string[]): string | undefined {
  try {
    return git(cwd, args).toString('utf8').trim();
  } catch {
    return undefined;
  }
}

function loadGitSide(ref: string, cwd: string): LoadedSide {
  const fail = (message: string, hint?: string): LoadedSide => ({ label: ref, diagnostics: [], problem: hint === undefined ? { message } : { message, hint } });
  const top = gitText(cwd, ['rev-parse', '--show-toplevel']);
  if (top === undefined) return fail(`\`${ref}\` is neither a file or directory nor a git ref (${cwd} is not in a git repository)`);
  const commit = gitText(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (commit === undefined) return missingRef(ref, cwd, fail);
  // git names the top with links resolved; so must the project directory be.
  const prefix = relative(top, realpathSync(cwd)).split(sep).join('/');
  const scratch = mkdtempSync(join(tmpdir(), 'flokit-diff-'));
  try {
    const project = join(scratch, prefix);
    mkdirSync(project, { recursive: true });
    const configNames = [...CONFIG_FILES, 'package.json'].map((name) => (prefix === '' ? name : `${prefix}/${name}`));
    for (const file of existingBlobs(cwd, commit, configNames)) copyBlob(cwd, commit, file, scratch);
    const { config, diagnostics } = loadConfig(project);
    // Files, and paths in messages (`taxonomy` holds no .yaml file), are named `ref:path`.
    const named = (text: string): string => text.replaceAll(`${scratch}${sep}`, `${ref}:`);
    const relocate = (d: Diagnostic): Diagnostic => ({ ...d, file: `${ref}:${relative(scratch, d.file).split(sep).join('/')}`, message: named(d.message), ...(d.hint === undefined ? {} : { hint: named(d.hint) }) });
    if (diagnostics.length > 0) return { label: ref, diagnostics: diagnostics.map(relocate) };
    const inRepo = relative(scratch, config.taxonomy).split(sep).join('/');
    if (inRepo.startsWith('..') || isAbsolute(inRepo)) return fail(`the config at \`${ref}\` names a taxonomy outside the repository (${relative(project, config.taxonomy).split(sep).join('/')}), which git cannot show`);
    const files = taxonomyBlobs(cwd, commit, inRepo);
    if (files === undefined) return { ...fail(`no taxonomy at \`${ref}\`: \`${inRepo}\` does not exist in that commit`, 'name the taxonomy as it was then with a path side, pick a later ref, or pass --allow-missing-base when it is new'), absent: true };
    for (const file of files) copyBlob(cwd, commit, file, scratch);
    // A directory without taxonomy files gets the loader's own no-taxonomy-files.
    if (files.length === 0) mkdirSync(join(scratch, inRepo), { recursive: true });
    const loaded = loadTaxonomy(join(scratch, inRepo));
    return { label: ref, ...loaded, diagnostics: loaded.diagnostics.map(relocate) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Which of `paths` (from the repository's top) are files at the commit: one git call for all. */
function existingBlobs(cwd: string, commit: string, paths: readonly string[]): string[] {
  return blobsIn(gitText(cwd, ['ls-tree', '-z', '--full-tree', commit, '--', ...paths]) ?? '');
}

/** Regular files (not links, not directories) of an `ls-tree -z` listing. */
function blobsIn(listing: string): string[] {
  return listing
    .split('\0')
    .filter((line) => /^100\d{3} blob /.test(line))
    .map((line) => line.slice(line.indexOf('\t') + 1));
}

/** The taxonomy's files at a commit: the file itself, or the .yaml/.yml blobs directly in the directory. */
function taxonomyBlobs(cwd: string, commit: string, path: string): string[] | undefined {
  const entry = gitText(cwd, ['ls-tree', '--full-tree', commit, '--', path === '' ? '.' : path]);
  if (entry === undefined || entry === '') return undefined;
  if (/^\d+ blob /.test(entry) && !entry.includes('\n')) return [path];
  return blobsIn(gitText(cwd, ['ls-tree', '-z', '--full-tree', commit, '--', `${path}/`]) ?? '').filter((file) => /\.ya?ml$/i.test(file));
}

function copyBlob(cwd: string, commit: string, path: string, scratch: string): void {
  const bytes = git(cwd, ['cat-file', 'blob', `${commit}:${path}`]);
  const target = join(scratch, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}

/** An unknown ref: in a shallow clone, say which fetch brings it (CI checkouts are shallow by default). */
function missingRef(ref: string, cwd: string, fail: (message: string, hint?: string) => LoadedSide): LoadedSide {
  const shallow = gitText(cwd, ['rev-parse', '--is-shallow-repository']) === 'true';
  const remotes = (gitText(cwd, ['remote']) ?? '').split('\n').filter((r) => r !== '');
  const remote = remotes.find((r) => ref.startsWith(`${r}/`));
  const back = /^(.*?)(?:~(\d*)|\^+)$/.exec(ref);
  let hint: string;
  if (remote !== undefined) {
    const branch = ref.slice(remote.length + 1);
    hint = `fetch it: git fetch --depth=1 ${remote} ${branch}:refs/remotes/${remote}/${branch}`;
  } else if (back !== null && shallow) {
    hint = `fetch more history: git fetch --deepen=${back[2] === undefined || back[2] === '' ? 1 : back[2]} (or git fetch --unshallow)`;
  } else {
    const remote = remotes[0];
    hint =
      remote === undefined
        ? 'name a branch, tag or commit of this repository, or an existing path'
        : `a tag on ${remote}: git fetch --depth=1 ${remote} tag ${ref}; a branch: git fetch --depth=1 ${remote} ${ref}:refs/remotes/${remote}/${ref}, then name it ${remote}/${ref}`;
  }
  const where = shallow ? 'this shallow clone' : 'this repository';
  return fail(`\`${ref}\` is neither a file or directory nor a git ref in ${where}`, hint);
}
