// The README cannot rot: every fenced shell block in it is marked with where it runs and is
// executed here, in order, with `bash -e -o pipefail`:
//
// - `<!-- readme-test: clone -->` blocks run in ONE temporary copy of this repository (the files git
//   tracks, as they are in the working tree, plus a copy of node_modules so `npm install` needs no
//   network), like a fresh clone;
// - `<!-- readme-test: project -->` blocks run in ONE fresh temporary project (a minimal
//   package.json), like a user's own project.
//
// A bare ``` block right after a shell block is the output the README promises: stdout must be
// exactly that. The examples shown with their output elsewhere (a broken taxonomy, the scripts init
// writes) are checked against the CLI too.
//
// The quick start runs `npm test` in the copy, which would run this file again: the scripts get
// FLOKIT_README_TEST=1, and the executing part skips itself when it is set. npm runs offline
// (npm_config_offline): every dependency is in the lockfile and in the npm cache already.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runProcess } from './support/spawn.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'zsh', 'console']);
const MARKER = /^<!--\s*readme-test:\s*(clone|project)\s*-->$/;

interface Fence {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly language: string;
  readonly text: string;
  /** The first non-empty line before the opening fence, and after the closing one. */
  readonly before: string;
  readonly after: string;
  /** Index of the line after the closing fence. */
  readonly end: number;
}

/** Every fenced block of a Markdown text, with what surrounds it. */
function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const nonEmpty = (from: number, step: 1 | -1): string => {
    for (let i = from; i >= 0 && i < lines.length; i += step) if ((lines[i] ?? '').trim() !== '') return (lines[i] ?? '').trim();
    return '';
  };
  const found: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i] ?? '');
    if (open === null) continue;
    const marker = open[2] ?? '```';
    let close = i + 1;
    while (close < lines.length && !(lines[close] ?? '').trim().startsWith(marker)) close++;
    found.push({ line: i + 1, language: (open[3] ?? '').toLowerCase(), text: lines.slice(i + 1, close).join('\n'), before: nonEmpty(i - 1, -1), after: nonEmpty(close + 1, 1), end: close + 1 });
    i = close;
  }
  return found;
}

interface ShellBlock {
  readonly kind: 'clone' | 'project';
  readonly line: number;
  readonly script: string;
  /** The README's output for the block: a bare ``` block right after it. */
  readonly expected?: string;
}

const FENCES = fences(README);

/**
 * The one change made to a block: flokit-gen is not published to a registry this test can reach,
 * so the project blocks install the package packed from the copy of this repository instead —
 * `npm install --save-dev flokit-gen` becomes `npm install --save-dev '<tarball>'`. Nothing else is
 * rewritten.
 */
const PUBLISHED_INSTALL = 'npm install --save-dev flokit-gen';

function shellBlocks(): { blocks: ShellBlock[]; unmarked: Fence[] } {
  const blocks: ShellBlock[] = [];
  const unmarked: Fence[] = [];
  FENCES.forEach((fence, i) => {
    if (!SHELL_LANGUAGES.has(fence.language)) return;
    const kind = MARKER.exec(fence.before)?.[1];
    if (kind !== 'clone' && kind !== 'project') return void unmarked.push(fence);
    const next = FENCES[i + 1];
    const output = next !== undefined && next.language === '' && /^(`{3,}|~{3,})$/.test(fence.after) ? next.text : undefined;
    blocks.push({ kind, line: fence.line, script: fence.text, ...(output === undefined ? {} : { expected: output }) });
  });
  return { blocks, unmarked };
}

/** The fenced block of `language` that follows the heading `heading`, and the block after it. */
function exampleAfter(heading: string, language: string): { example: string; next: Fence | undefined } {
  const at = README.split('\n').findIndex((l) => l.trim() === heading);
  expect(at, `README heading ${heading}`).toBeGreaterThanOrEqual(0);
  const index = FENCES.findIndex((f) => f.line > at + 1 && f.language === language);
  expect(index, `a ${language} block after ${heading}`).toBeGreaterThanOrEqual(0);
  return { example: FENCES[index]?.text ?? '', next: FENCES[index + 1] };
}

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe('the README', () => {
  it('marks every shell block with where it runs, so no block goes untested', () => {
    const { blocks, unmarked } = shellBlocks();
    expect(
      unmarked.map((f) => `README.md:${f.line}: a \`\`\`${f.language} block needs <!-- readme-test: clone --> or <!-- readme-test: project --> on the line before it`),
    ).toEqual([]);
    expect(blocks.filter((b) => b.kind === 'clone').length).toBeGreaterThan(0);
    expect(blocks.filter((b) => b.kind === 'project').length).toBeGreaterThan(0);
    // The one substitution the run makes (PUBLISHED_INSTALL) must find its text.
    expect(blocks.filter((b) => b.kind === 'project').some((b) => b.script.includes(PUBLISHED_INSTALL))).toBe(true);
  });

  it('shows exactly what generate prints for its broken-taxonomy example', async () => {
    const { example, next } = exampleAfter('### Problems in the taxonomy', 'yaml');
    expect(next?.language).toBe('');
    const dir = tempDir('flokit-readme-example-');
    mkdirSync(join(dir, 'taxonomy'));
    writeFileSync(join(dir, 'taxonomy', 'flokit.yaml'), `${example}\n`);
    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd()).toBe((next?.text ?? '').trimEnd());
    expect(existsSync(join(dir, 'generated'))).toBe(false);
  });

  it('has a taxonomy example that generates cleanly', async () => {
    const { example } = exampleAfter('## Writing a taxonomy', 'yaml');
    const dir = tempDir('flokit-readme-example-');
    writeFileSync(join(dir, 'events.yaml'), `${example}\n`);
    const result = await runCli(['generate', '-t', 'events.yaml'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^my_app 1\.0\.0: 1 event, 1 shared type → generated\//);
  });

  it('shows the scripts init adds to package.json', async () => {
    const { example } = exampleAfter('## Using flokit-gen in your own project', 'json');
    const dir = tempDir('flokit-readme-example-');
    expect((await runCli(['init', '-q'], { cwd: dir })).code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: unknown };
    expect(written.scripts).toEqual((JSON.parse(example) as { scripts: unknown }).scripts);
  });
});

// ---------------------------------------------------------------------------------------------

/** What npm and the scripts see: offline npm, no nagging, and the guard against recursion. */
function scriptEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    FLOKIT_README_TEST: '1',
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    NODE_ENV: undefined,
    INIT_CWD: undefined,
  };
  // Like a user's shell: none of the variables npm and vitest set for this run (npm's would point
  // npm at this repository: npm_config_local_prefix, npm_package_*), and none of this repository's
  // node_modules/.bin on the PATH. npm's cache and user config stay: they are where the packages are.
  for (const name of Object.keys(process.env)) {
    if (/^npm_/i.test(name) && !/^npm_config_(cache|userconfig|globalconfig|registry)$/i.test(name)) env[name] = undefined;
    if (/^VITEST/.test(name)) env[name] = undefined;
  }
  env['PATH'] = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((entry) => !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(entry))
    .join(delimiter);
  return env;
}

/** A fresh clone, as far as the working tree goes: the files git tracks, and node_modules copied. */
function cloneRepository(): string {
  const dir = tempDir('flokit-readme-clone-');
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const path of listed.stdout.split('\0').filter((p) => p !== '')) {
    const from = join(ROOT, path);
    if (!existsSync(from) || lstatSync(from).isDirectory()) continue; // deleted in the working tree, or a submodule
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(from, join(dir, path));
  }
  // A copy, not a link: npm install and the tests write into node_modules (.package-lock.json,
  // caches), and must not write into this repository's.
  const copied = spawnSync('cp', ['-a', join(ROOT, 'node_modules'), join(dir, 'node_modules')]);
  if (copied.status !== 0) cpSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  return dir;
}

describe.skipIf(process.env['FLOKIT_README_TEST'] === '1')("the README's shell blocks, run", () => {
  const { blocks } = shellBlocks();
  const env = scriptEnv();
  const timings: string[] = [];
  const started = performance.now();
  let clone = '';
  let project = '';
  let tarball: string | undefined;

  beforeAll(() => {
    const t = performance.now();
    clone = cloneRepository();
    project = tempDir('flokit-readme-project-');
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'readme-project', private: true, type: 'module' }, null, 2)}\n`);
    timings.push(`copy of the repository ${Math.round(performance.now() - t)} ms`);
  }, 120_000);

  afterAll(() => {
    timings.push(`total ${Math.round(performance.now() - started)} ms`);
    console.log(`README blocks: ${timings.join('; ')}`);
  });

  /** `npm pack` in the copy (which runs `prepare`, the build, there, and not in this repository). */
  async function pack(): Promise<string> {
    const t = performance.now();
    const destination = tempDir('flokit-readme-pack-');
    const result = await runProcess('npm', ['pack', '--pack-destination', destination], { cwd: clone, env, timeoutMs: 300_000, group: true });
    expect(result.code, `npm pack\n${result.stdout}\n${result.stderr}`).toBe(0);
    const [file, ...others] = readdirSync(destination).filter((f) => f.endsWith('.tgz'));
    expect(others).toEqual([]);
    timings.push(`npm pack ${Math.round(performance.now() - t)} ms`);
    return join(destination, file ?? 'missing.tgz');
  }

  for (const [index, block] of blocks.entries()) {
    const title = `${block.kind} block ${index + 1} (README.md:${block.line}): ${block.script.split('\n')[0] ?? ''}`;
    it(
      title,
      async () => {
        let script = block.script;
        if (block.kind === 'project' && script.includes(PUBLISHED_INSTALL)) {
          tarball ??= await pack();
          script = script.split(PUBLISHED_INSTALL).join(`npm install --save-dev '${tarball}'`);
        }
        const cwd = block.kind === 'clone' ? clone : project;
        const file = join(dirname(cwd), `${block.kind}-block-${index + 1}-${process.pid}.sh`);
        writeFileSync(file, `${script}\n`);
        temps.push(file);
        const t = performance.now();
        const result = await runProcess('bash', ['-e', '-o', 'pipefail', file], { cwd, env, timeoutMs: 9 * 60_000, group: true });
        timings.push(`block ${index + 1} ${Math.round(performance.now() - t)} ms`);
        const output = `README.md:${block.line}, in ${cwd}:\n${script}\n--- exit ${result.code ?? result.signal} ---\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
        expect(result.code, output).toBe(0);
        if (block.expected !== undefined) expect(result.stdout.trimEnd(), output).toBe(block.expected.trimEnd());
      },
      10 * 60_000,
    );
  }
});
