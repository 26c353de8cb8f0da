// The README cannot rot, slow tier (`npm run test:slow`): every fenced shell block in it is run
// here, in order, with `bash -e -o pipefail` (test/support/readme.ts reads them; the fast
// test/readme.test.ts checks that every one is marked):
//
// - clone blocks run in ONE temporary copy of this repository (the files git tracks, as they are in
//   the working tree, plus a copy of node_modules so `npm install` needs no network), like a fresh
//   clone. The README's test command is left out: CI runs it (`.ci/run`), and here it would run the
//   whole suite again inside the suite;
// - project blocks run in ONE fresh temporary project (a minimal package.json), like a user's own,
//   where `npm install --save-dev flokit-gen` installs this repository packed (`npm pack` of the
//   dist/ that `npm test` built: nothing is built again for it).
//
// A bare ``` block right after a shell block is the output the README promises: stdout must be
// exactly that (stderr, where progress and the one-line reason for an exit code go, is not shown),
// except the figure of an `elapsed:` line, which is a wall-clock time. npm prefers its cache (npm_config_prefer_offline): the packages are there since
// `npm ci`, but the project's install also needs the registry's metadata for the package's
// dependencies, which `npm ci` (lockfile-driven) does not fetch; what is missing is fetched.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED_INSTALL, shellBlocks, withoutTestCommand } from './support/readme.js';
import { assertBuilt, ROOT, runProcess } from './support/spawn.js';

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** What npm and the scripts see: its cache first, no nagging, nothing of this run's environment. */
function scriptEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    npm_config_prefer_offline: 'true',
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
  // A copy, not a link: npm install writes into node_modules (.package-lock.json, caches), and must
  // not write into this repository's.
  const copied = spawnSync('cp', ['-a', join(ROOT, 'node_modules'), join(dir, 'node_modules')]);
  if (copied.status !== 0) cpSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** A report's wall-clock time is the one figure of a block's output that varies from run to run. */
function withoutElapsed(text: string): string {
  return text.replace(/^(\s*elapsed:\s+)\d+(?:\.\d+)? s$/gm, '$1… s');
}

describe("the README's shell blocks, run", () => {
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

  /**
   * `npm pack` of this repository as it is, dist/ included: without `prepare` (--ignore-scripts),
   * which would build again what `npm test` built. Writes nothing into the repository.
   */
  async function pack(): Promise<string> {
    assertBuilt();
    const t = performance.now();
    const destination = tempDir('flokit-readme-pack-');
    const result = await runProcess('npm', ['pack', '--ignore-scripts', '--pack-destination', destination], { cwd: ROOT, env, timeoutMs: 120_000, group: true });
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
        let script = block.kind === 'clone' ? withoutTestCommand(block.script) : block.script;
        if (block.kind === 'project' && script.includes(PUBLISHED_INSTALL)) {
          tarball ??= await pack();
          script = script.split(PUBLISHED_INSTALL).join(`npm install --save-dev '${tarball}'`);
        }
        const cwd = block.kind === 'clone' ? clone : project;
        const file = join(dirname(cwd), `${block.kind}-block-${index + 1}-${process.pid}.sh`);
        writeFileSync(file, `${script}\n`);
        temps.push(file);
        const t = performance.now();
        const result = await runProcess('bash', ['-e', '-o', 'pipefail', file], { cwd, env, timeoutMs: 5 * 60_000, group: true });
        timings.push(`block ${index + 1} ${Math.round(performance.now() - t)} ms`);
        const output = `README.md:${block.line}, in ${cwd}:\n${script}\n--- exit ${result.code ?? result.signal} ---\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
        expect(result.code, output).toBe(0);
        if (block.expected !== undefined) expect(withoutElapsed(result.stdout.trimEnd()), output).toBe(withoutElapsed(block.expected.trimEnd()));
      },
      6 * 60_000,
    );
  }
});
