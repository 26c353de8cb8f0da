// Every command of the real built binary (`npm run build` first; `npm test` does it), spawned in
// temporary directories: generate (broken input, pruning, write failures), check (fast path, every
// kind of staleness), the config file, --cwd, watch, validate, init, and what all commands share
// (help with examples, version, usage errors, colour). test/cli.test.ts has the generate/check
// basics; this file adds the rest. A test with a "Regression:" note pins down a bug these tests found.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEvent } from '../generated/validators.js';
import { BIN, ROOT, runCli, runProcess, startCli, type Run, type Running } from './support/spawn.js';

// ---------------------------------------------------------------------------------------------
// Temporary projects

const temps: string[] = [];

function tempDir(prefix = 'flokit-cmd-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of temps) {
    restoreModes(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Undoes the chmod of the write-failure test, so the directory can be removed. */
function restoreModes(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) restoreModes(join(dir, entry.name));
  } catch {
    // Already gone.
  }
}

/** A project holding a copy of the bundled taxonomy in taxonomy/ (13 events, 6 shared types). */
function project(): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'taxonomy'), join(dir, 'taxonomy'), { recursive: true });
  return dir;
}

/** A copy of `dir` (a project prepared once, shared by the tests of a describe). */
function copyOf(dir: string): string {
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
}

const BUNDLED = 'taxonomy/flokit.yaml';
const PAYWALL_DESCRIPTION = 'Send every time a paywall screen is shown to the user.';
const FIRST_COMMENT = '# The FloKit lifecycle taxonomy:';

/** Replaces `from` (which must be there: a changed bundled taxonomy must not silently skip a test). */
function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text, `${file} should contain ${JSON.stringify(from)}`).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

/** How editors save: write a temporary file beside the target, then rename it over the target. */
function saveAtomically(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.saving`);
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/** The bundled taxonomy with an unknown type and a misspelled keyword in paywall_viewed. */
function broken(text: string): string {
  const from = '      paywall_id: { type: string, required: true, minLength: 1, description: Which paywall was shown. }';
  expect(text).toContain(from);
  return text.replace(from, '      paywall_id: { type: strng, requierd: true }');
}

const SMALL = `taxonomy: small
version: 2.0.0
events:
  app_opened:
    description: The app was opened.
    identity: user_id
    properties:
      screen: { type: string, description: The first screen shown. }
`;

const APP_OPENED = JSON.stringify({ event: 'app_opened', user_id: 'usr_1', timestamp: '2024-03-15T14:22:00Z', properties: { screen: 'home' } });

type Entry = { readonly kind: 'dir' } | { readonly kind: 'file'; readonly bytes: Buffer; readonly mtimeMs: number };

/**
 * Every file (bytes and mtime) and directory under `dir`. Directory mtimes are left out: staging a
 * file and removing it again changes them, without changing what the directory holds.
 */
function snapshot(dir: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  if (!existsSync(dir)) return entries;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = join(entry.parentPath, entry.name);
    const path = full.slice(dir.length + 1);
    entries.set(path, entry.isDirectory() ? { kind: 'dir' } : { kind: 'file', bytes: readFileSync(full), mtimeMs: statSync(full).mtimeMs });
  }
  return new Map([...entries].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Sets every file under `dir` to an old mtime, so that any rewrite, even of the same bytes, shows. */
function ageFiles(dir: string): void {
  const old = new Date('2001-02-03T04:05:06Z');
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), old, old);
  }
}

const NO_STACK = /\n\s+at /;

/**
 * The tests of a describe run side by side (describes one after another): each mostly waits for its
 * child processes, and vitest gives this file one worker, so the second core would idle otherwise.
 */
const test = it.concurrent;
/** Generous timeouts for a loaded two-core machine. */
const LOADED = { timeout: 60_000 } as const;

/** How many files `dir` holds, at any depth. */
function fileCount(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).length;
}

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

/** The output of a run, for failure messages. */
function shown(run: Run): string {
  return `exit ${run.code}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
}

// ---------------------------------------------------------------------------------------------

describe('generate', LOADED, () => {
  test('on a broken taxonomy prints located diagnostics, exits 1 and leaves the output directory untouched', async () => {
    const dir = project();
    expect((await runCli(['generate', '-q'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'generated', 'notes.md'), 'mine\n');
    ageFiles(join(dir, 'generated'));
    const before = snapshot(join(dir, 'generated'));
    const path = join(dir, BUNDLED);
    writeFileSync(path, broken(readFileSync(path, 'utf8')));

    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^taxonomy\/flokit\.yaml:\d+:\d+ error unknown-type: unknown type `strng`/m);
    expect(result.stderr).toMatch(/^taxonomy\/flokit\.yaml:\d+:\d+ error unknown-keyword: unknown keyword `requierd`/m);
    expect(result.stderr).toContain('  hint: did you mean `required`?');
    expect(result.stderr).toContain('\n2 problems in the taxonomy; nothing was written.\n');
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(snapshot(join(dir, 'generated'))).toEqual(before);
  });

  test('prunes the files of a removed event and keeps files it did not write', async () => {
    const dir = project();
    expect((await runCli(['generate', '-q'], { cwd: dir })).code).toBe(0);
    const out = join(dir, 'generated');
    writeFileSync(join(out, 'schemas', 'README.md'), 'Our notes on the schemas.\n');
    writeFileSync(join(out, 'local.ts'), '// hand-written, next to the generated files\nexport const local = 1;\n');
    ageFiles(out);
    const foreign = ['schemas/README.md', 'local.ts'].map((p) => [p, snapshot(out).get(p)] as const);
    const path = join(dir, BUNDLED);
    const text = readFileSync(path, 'utf8');
    // refund_issued is the last event of the bundled taxonomy: cut it off.
    const at = text.indexOf('\n  refund_issued:');
    expect(at).toBeGreaterThan(0);
    writeFileSync(path, text.slice(0, at + 1));

    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toMatch(/^flokit 1\.0\.0: 12 events, 6 shared types → generated\/: \d+ written, \d+ unchanged, 1 removed \(\d+ ms\)\.\n$/);
    expect(existsSync(join(out, 'schemas', 'refund_issued.schema.json'))).toBe(false);
    for (const [p, entry] of foreign) expect(snapshot(out).get(p), p).toEqual(entry);
    expect((await runCli(['check'], { cwd: dir })).code).toBe(0);
  });

  test('rewrites only files whose bytes change: a comment edit rewrites the manifest alone', async () => {
    const dir = project();
    expect((await runCli(['generate', '-q'], { cwd: dir })).code).toBe(0);
    const out = join(dir, 'generated');
    ageFiles(out);
    const before = snapshot(out);
    edit(join(dir, BUNDLED), FIRST_COMMENT, '# The FloKit lifecycle taxonomy (comment edited):');

    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toContain(`→ generated/: 1 written, ${fileCount(out) - 1} unchanged, 0 removed`);
    const after = snapshot(out);
    const rewritten = [...after].filter(([p, e]) => e.kind === 'file' && JSON.stringify(e) !== JSON.stringify(before.get(p))).map(([p]) => p);
    expect(rewritten).toEqual(['flokit-gen.manifest.json']);

    // Same taxonomy bytes again: the manifest proves it, nothing is loaded or written.
    ageFiles(out);
    const fresh = snapshot(out);
    const again = await runCli(['generate'], { cwd: dir });
    expect(again.stdout).toMatch(/^generated\/ is up to date with taxonomy: nothing to write \(\d+ ms\)\.\n$/);
    expect(snapshot(out)).toEqual(fresh);
  });

  // Root may write anywhere, so a read-only directory only fails for other users.
  (process.getuid?.() === 0 ? test.skip : test)('reports a write the file system refuses (read-only output directory) in one line, exit 1', async () => {
    const dir = project();
    const out = join(dir, 'generated');
    mkdirSync(out);
    chmodSync(out, 0o500);
    try {
      const result = await runCli(['generate'], { cwd: dir });
      expect(result.code, shown(result)).toBe(1);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^flokit-gen: EACCES: permission denied/);
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      chmodSync(out, 0o700);
    }
  });

  // The same kind of failure for any user, root included: a file stands where a directory must go.
  test('reports a write failure (a file where schemas/ must go) in one line, exit 1, and a stack only with FLOKIT_DEBUG', async () => {
    const dir = project();
    const out = join(dir, 'generated');
    mkdirSync(out);
    writeFileSync(join(out, 'schemas'), 'not a directory\n');

    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^flokit-gen: E[A-Z]+: .*schemas/);
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(readFileSync(join(out, 'schemas'), 'utf8')).toBe('not a directory\n');
    expect(readdirSync(out, { recursive: true }).filter((p) => String(p).endsWith('.tmp'))).toEqual([]);

    const debug = await runCli(['generate'], { cwd: dir, env: { FLOKIT_DEBUG: '1' } });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^flokit-gen: E[A-Z]+: /);
    expect(debug.stderr).toMatch(NO_STACK);
  });

  // Regression: README "on any error the output directory is left as it was". A failed write used
  // to leave behind the directories created for staging (an empty runtime/ here).
  test('leaves the output directory as it was when a write fails (no directories left behind)', async () => {
    const dir = project();
    const out = join(dir, 'generated');
    mkdirSync(out);
    writeFileSync(join(out, 'schemas'), 'not a directory\n');
    const before = snapshot(out);
    expect((await runCli(['generate'], { cwd: dir })).code).toBe(1);
    expect([...snapshot(out).keys()]).toEqual([...before.keys()]);
  });

  // Regression: the same promise when moving staged files into place fails. A directory where a
  // new file must go used to fail the rename part-way (EISDIR): half the files already held the new
  // taxonomy, the rest the old one, and staged `*.flokit-gen-<pid>.tmp` copies were left behind.
  test('leaves the output directory as it was when moving a staged file into place fails', async () => {
    const dir = project();
    expect((await runCli(['generate', '-q'], { cwd: dir })).code).toBe(0);
    const out = join(dir, 'generated');
    const path = join(dir, BUNDLED);
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n  zz_added:\n    description: Added last.\n    identity: user_id\n`);
    mkdirSync(join(out, 'schemas', 'zz_added.schema.json'));
    const before = snapshot(out);
    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(snapshot(out)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe('check', LOADED, () => {
  // One generation shared by the tests; each works on its own copy.
  let fresh: string;
  beforeAll(async () => {
    fresh = project();
    const result = await runCli(['generate', '-q'], { cwd: fresh });
    expect(result.code, shown(result)).toBe(0);
  }, 60_000);

  test('passes on fresh output from the manifest alone (fast path), and prints nothing with --quiet', async () => {
    const dir = copyOf(fresh);
    expect(await runCli(['check'], { cwd: dir })).toEqual({ code: 0, signal: null, stdout: 'generated/ is up to date with taxonomy.\n', stderr: '' });
    expect(await runCli(['check', '--quiet'], { cwd: dir })).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
    expect(await runCli(['check', '-q'], { cwd: dir })).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
  });

  test('fails after a description edit, listing changed files with a diff whose + lines hold the new text', async () => {
    const dir = copyOf(fresh);
    edit(join(dir, BUNDLED), PAYWALL_DESCRIPTION, 'Send when a paywall is shown (edited for the check test).');
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^changed: generated\/types\.ts$/m);
    expect(result.stderr).toMatch(/^changed: generated\/schemas\/paywall_viewed\.schema\.json$/m);
    expect(result.stderr).toMatch(/^ {2}\+.*Send when a paywall is shown \(edited for the check test\)\./m);
    expect(result.stderr).toMatch(/^ {2}-.*Send every time a paywall screen is shown to the user\./m);
    // validators.ts is made from the whole taxonomy, but a description is not in its code.
    expect(result.stderr).toMatch(/^changed: generated\/validators\.ts \(only the header: the taxonomy hash\)$/m);
    // Nothing in index.ts, runtime/ or the other events' schemas depends on the edited event.
    expect(result.stderr).not.toMatch(/^changed: generated\/(index\.ts|runtime\/|schemas\/(?!paywall_viewed))/m);
    expect(result.stderr).toMatch(/\ngenerated\/ is stale \(\d+ files; \+ is what generate would write\): run `npx flokit-gen generate`\.\n$/);
    expect(result.stderr).not.toMatch(NO_STACK);
  });

  test('passes after a comment-only edit, saying the manifest is outdated', async () => {
    const dir = copyOf(fresh);
    edit(join(dir, BUNDLED), FIRST_COMMENT, '# The FloKit lifecycle taxonomy (a comment edit):');
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, shown(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^flokit 1\.0\.0: 13 events, 6 shared types: generated\/ is up to date \(its flokit-gen\.manifest\.json is outdated/);
    expect(result.stdout).toContain('`flokit-gen generate` refreshes it');
    // generate refreshes the manifest, and the next check takes the fast path again.
    expect((await runCli(['generate', '-q'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['check'], { cwd: dir })).stdout).toBe('generated/ is up to date with taxonomy.\n');
  });

  test('lists a missing file', async () => {
    const dir = copyOf(fresh);
    rmSync(join(dir, 'generated', 'schemas', 'paywall_viewed.schema.json'));
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    expect(lines(result.stderr)).toEqual([
      'missing: generated/schemas/paywall_viewed.schema.json',
      '',
      'generated/ is stale (1 file; + is what generate would write): run `npx flokit-gen generate`.',
    ]);
  });

  test('lists an extra file of ours, and ignores a file it did not write', async () => {
    const dir = copyOf(fresh);
    const schemas = join(dir, 'generated', 'schemas');
    writeFileSync(join(schemas, 'notes.txt'), 'not ours\n');
    expect((await runCli(['check'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(schemas, 'old_event.schema.json'), readFileSync(join(schemas, 'paywall_viewed.schema.json')));
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toMatch(/^extra: +generated\/schemas\/old_event\.schema\.json$/m);
    expect(result.stderr).not.toContain('notes.txt');
  });

  test('is not fooled by a hand edit inside a generated file (the fast path hashes the output too)', async () => {
    const dir = copyOf(fresh);
    const file = join(dir, 'generated', 'validators.ts');
    const text = readFileSync(file, 'utf8');
    const [header = '', ...rest] = text.split('\n');
    writeFileSync(file, [header, '// a hand edit', ...rest].join('\n'));
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toMatch(/^changed: generated\/validators\.ts$/m);
    expect(result.stderr).toMatch(/^ {2}-\/\/ a hand edit$/m);
    // --quiet hides only success: problems are still printed.
    const quiet = await runCli(['check', '--quiet'], { cwd: dir });
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toContain('changed: generated/validators.ts');
  });

  test('on a broken taxonomy prints located diagnostics and exits 1', async () => {
    const dir = copyOf(fresh);
    const path = join(dir, BUNDLED);
    writeFileSync(path, broken(readFileSync(path, 'utf8')));
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toMatch(/^taxonomy\/flokit\.yaml:\d+:\d+ error unknown-type: /m);
    expect(result.stderr).not.toMatch(NO_STACK);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the config file', LOADED, () => {
  function configured(config: string): string {
    const dir = tempDir();
    mkdirSync(join(dir, 'events'));
    writeFileSync(join(dir, 'events', 'app.yaml'), SMALL);
    writeFileSync(join(dir, 'flokit.config.json'), config);
    writeFileSync(join(dir, 'opened.json'), `${APP_OPENED}\n`);
    return dir;
  }

  test('is honoured by generate, check and validate', async () => {
    const dir = configured('{ "taxonomy": "events", "out": "src/gen" }\n');
    const generated = await runCli(['generate'], { cwd: dir });
    expect(generated.code, shown(generated)).toBe(0);
    expect(generated.stdout).toMatch(/^small 2\.0\.0: 1 event, 0 shared types → src\/gen\/: \d+ written, 0 unchanged, 0 removed \(\d+ ms\)\.\n$/);
    expect(generated.stdout).toContain(`: ${fileCount(join(dir, 'src', 'gen'))} written`);
    expect(existsSync(join(dir, 'src', 'gen', 'schemas', 'app_opened.schema.json'))).toBe(true);
    expect(existsSync(join(dir, 'generated'))).toBe(false);
    expect(await runCli(['check'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'src/gen/ is up to date with events.\n' });
    expect(await runCli(['validate', 'opened.json'], { cwd: dir })).toMatchObject({ code: 0, stdout: '1 source: 1 valid, 0 invalid.\n' });
  });

  test('is overridden by --out and --taxonomy', async () => {
    const dir = configured('{ "taxonomy": "events", "out": "src/gen" }\n');
    expect(await runCli(['generate', '-q', '--out', 'elsewhere'], { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(join(dir, 'elsewhere', 'schemas', 'app_opened.schema.json'))).toBe(true);
    expect(await runCli(['check', '-o', 'elsewhere'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'elsewhere/ is up to date with events.\n' });
    cpSync(join(ROOT, 'taxonomy'), join(dir, 'taxonomy'), { recursive: true });
    const other = await runCli(['check', '-t', 'taxonomy'], { cwd: dir });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('missing: src/gen/schemas/paywall_viewed.schema.json');
    const validated = await runCli(['validate', '-t', 'taxonomy', 'opened.json'], { cwd: dir });
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain('opened.json app_opened');
  });

  test('with an unknown key is reported with file, line and column, exit 1, for every command that reads it', async () => {
    const dir = configured('{\n  "taxonomy": "events",\n  "outt": "src/gen"\n}\n');
    for (const args of [['generate'], ['check'], ['watch'], ['validate', 'opened.json']]) {
      const result = await runCli(args, { cwd: dir });
      expect(result.code, `${args.join(' ')}\n${shown(result)}`).toBe(1);
      expect(result.stderr).toContain('flokit.config.json:3:3 error invalid-config: unknown setting `outt` in the config file (known: taxonomy, out, target, docs)');
      expect(result.stderr).toContain('  hint: did you mean `out`?');
      expect(result.stderr).not.toMatch(NO_STACK);
    }
    expect(existsSync(join(dir, 'generated'))).toBe(false);
    expect(existsSync(join(dir, 'src'))).toBe(false);
  });

  // Regression: config diagnostics used to name the file by its absolute path
  // (`/tmp/p/flokit.config.json:3:3 error invalid-config: ...`), unlike taxonomy diagnostics.
  test('names the config file relative to where the command was run, like taxonomy diagnostics', async () => {
    const dir = configured('{\n  "taxonomy": "events",\n  "outt": "src/gen"\n}\n');
    const result = await runCli(['generate'], { cwd: dir });
    expect(result.stderr).toMatch(/^flokit\.config\.json:3:3 error invalid-config: /);
    const elsewhere = await runCli(['check', '-C', basename(dir)], { cwd: dirname(dir) });
    expect(elsewhere.stderr).toMatch(new RegExp(`^${basename(dir)}/flokit\\.config\\.json:3:3 error invalid-config: `));
  });

  test('can be YAML or a "flokit" key in package.json; two config files are a located error', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'events'));
    writeFileSync(join(dir, 'events', 'app.yaml'), SMALL);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, flokit: { taxonomy: 'events', out: 'from-package' } }, null, 2));
    expect(await runCli(['generate', '-q'], { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
    // A package.json and no tsconfig.json: a JavaScript project gets JavaScript with declarations.
    expect(existsSync(join(dir, 'from-package', 'types.d.ts'))).toBe(true);
    expect(existsSync(join(dir, 'from-package', 'client.js'))).toBe(true);

    // `target: ts` chooses TypeScript in that same project.
    writeFileSync(join(dir, 'flokit.config.yaml'), 'taxonomy: events\nout: from-yaml\ntarget: ts\n');
    expect(await runCli(['generate', '-q'], { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(join(dir, 'from-yaml', 'types.ts'))).toBe(true);

    writeFileSync(join(dir, 'flokit.config.json'), '{ "out": "from-json" }\n');
    const two = await runCli(['generate'], { cwd: dir });
    expect(two.code, shown(two)).toBe(1);
    expect(two.stderr).toMatch(/flokit\.config\.yaml:1:1 error invalid-config: two config files: flokit\.config\.json and flokit\.config\.yaml/);
    expect(existsSync(join(dir, 'from-json'))).toBe(false);
  });

  test('that does not parse, or holds a value that is not a path, is a located error', async () => {
    const dir = configured('{ "taxonomy": "events", "out": 3 }\n');
    const notPath = await runCli(['generate'], { cwd: dir });
    expect(notPath.code).toBe(1);
    expect(notPath.stderr).toMatch(/flokit\.config\.json:1:32 error invalid-config: `out` must be a non-empty path/);
    writeFileSync(join(dir, 'flokit.config.json'), '{ "taxonomy": "events", }\n');
    const invalid = await runCli(['generate'], { cwd: dir });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/flokit\.config\.json:\d+:\d+ error invalid-config: the config file is not valid JSON/);
    expect(invalid.stderr).not.toMatch(NO_STACK);
  });
});

// ---------------------------------------------------------------------------------------------

describe('--cwd', LOADED, () => {
  test('runs generate and check as if started in another directory (-C), config included', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'events'));
    writeFileSync(join(dir, 'events', 'app.yaml'), SMALL);
    writeFileSync(join(dir, 'flokit.config.json'), '{ "taxonomy": "events", "out": "src/gen" }\n');
    const parent = dirname(dir);
    const name = basename(dir);

    const generated = await runCli(['generate', '-C', name], { cwd: parent });
    expect(generated.code, shown(generated)).toBe(0);
    expect(generated.stdout).toContain(`→ ${name}/src/gen/: ${fileCount(join(dir, 'src', 'gen'))} written`);
    expect(existsSync(join(dir, 'src', 'gen', 'types.ts'))).toBe(true);
    expect(await runCli(['check', '--cwd', dir], { cwd: parent })).toMatchObject({ code: 0, stdout: `${name}/src/gen/ is up to date with ${name}/events.\n` });
    expect(await runCli(['check', '-C', name, '-q'], { cwd: parent })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  test('runs init and validate in another directory', async () => {
    const dir = tempDir();
    const result = await runCli(['init', '-C', dir], { cwd: tmpdir() });
    expect(result.code, shown(result)).toBe(0);
    expect(existsSync(join(dir, 'taxonomy', 'flokit.yaml'))).toBe(true);
    writeFileSync(join(dir, 'opened.json'), `${APP_OPENED}\n`);
    // The taxonomy comes from --cwd (init's: no app_opened event); an absolute payload path is taken as is.
    const validated = await runCli(['validate', '-C', dir, join(dir, 'opened.json')], { cwd: tmpdir() });
    expect(validated.code).toBe(1);
    expect(validated.stdout).toMatch(/opened\.json app_opened\n {2}\/event /);
  });

  // Regression: `-C` is "run as if started in <dir>" and -t/-o are resolved against it, but payload
  // files used not to be (`validate -C proj payload.json` → `payload.json cannot be read: ENOENT`).
  test('resolves validate payload paths against --cwd, like --taxonomy', async () => {
    const dir = project();
    writeFileSync(join(dir, 'payload.json'), JSON.stringify({ event: 'paywall_viewed', user_id: 'usr_1', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_1' } }));
    const result = await runCli(['validate', '-C', basename(dir), 'payload.json'], { cwd: dirname(dir) });
    expect(result).toMatchObject({ code: 0, stdout: '1 source: 1 valid, 0 invalid.\n' });
  });
});

// ---------------------------------------------------------------------------------------------

// Sequential: each test is one long-running process fed with edits.
describe('watch', { timeout: 90_000 }, () => {
  const GENERATED_LINE = /^\d\d:\d\d:\d\d .+ → generated\/: \d+ written, \d+ unchanged, \d+ removed \(\d+ ms\)\.$/gm;
  const count = (text: string, pattern: RegExp | string): number => (typeof pattern === 'string' ? text.split(pattern).length - 1 : (text.match(pattern) ?? []).length);

  async function stopped(watcher: Running): Promise<void> {
    const exit = await watcher.stop('SIGINT');
    expect(exit, `${watcher.stdout()}\n${watcher.stderr()}`).toEqual({ code: 0, signal: null });
    expect(watcher.stdout()).toMatch(/\nstopped watching\.\n$/);
  }

  // Regression: `npx flokit-gen watch` killed with SIGKILL (or a crashed build tool) left the watcher running.
  it('stops, exit 0, when the process that started it dies without passing a signal on', async () => {
    const dir = project();
    const log = join(dir, 'watch.log');
    const parent = join(dir, 'parent.cjs');
    writeFileSync(
      parent,
      `const { spawn } = require('node:child_process');
const { openSync, readFileSync } = require('node:fs');
const out = openSync(${JSON.stringify(log)}, 'a');
const child = spawn(process.execPath, [${JSON.stringify(BIN)}, 'watch'], { cwd: ${JSON.stringify(dir)}, stdio: ['ignore', out, out] });
const ready = setInterval(() => {
  if (readFileSync(${JSON.stringify(log)}, 'utf8').includes('written')) {
    clearInterval(ready);
    console.log(child.pid);
  }
}, 50);
setInterval(() => {}, 1000);
`,
    );
    const starter = spawn(process.execPath, [parent], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((done, fail) => {
      starter.stdout.setEncoding('utf8').on('data', (text: string) => done(Number(text.trim())));
      starter.on('exit', () => fail(new Error('the parent exited first')));
      setTimeout(() => fail(new Error(`watch did not start: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`)), 60_000);
    });
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    starter.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const stillRunning = alive();
    if (stillRunning) process.kill(pid, 'SIGKILL');
    expect(stillRunning, readFileSync(log, 'utf8')).toBe(false);
    expect(readFileSync(log, 'utf8')).toMatch(/\nstopped watching\.\n$/);
  });

  it('regenerates on an edit, survives a broken edit keeping the last good output, recovers, and stops on Ctrl-C with exit 0', async () => {
    const dir = project();
    const path = join(dir, BUNDLED);
    const good = readFileSync(path, 'utf8');
    const types = join(dir, 'generated', 'types.ts');
    const watcher = startCli(['watch', '--taxonomy', BUNDLED], { cwd: dir });
    try {
      await watcher.waitFor('the first generation', (out) => count(out, GENERATED_LINE) >= 1, 30_000);
      expect(watcher.stdout()).toMatch(/^watching taxonomy\/flokit\.yaml → generated\/ \(Ctrl-C to stop\)\n\d\d:\d\d:\d\d flokit 1\.0\.0: 13 events, 6 shared types → generated\/: \d+ written, 0 unchanged, 0 removed \(\d+ ms\)\.\n/);

      saveAtomically(path, good.replace(PAYWALL_DESCRIPTION, 'Shown a paywall (first watch edit).'));
      await watcher.waitFor('regeneration after the edit', (out) => count(out, GENERATED_LINE) >= 2 && readFileSync(types, 'utf8').includes('Shown a paywall (first watch edit).'), 20_000);

      const before = snapshot(join(dir, 'generated'));
      saveAtomically(path, broken(good));
      await watcher.waitFor('the report of the broken edit', (_, err) => err.includes('keeps the last good output'), 20_000);
      expect(watcher.stderr()).toMatch(/^taxonomy\/flokit\.yaml:\d+:\d+ error unknown-type: unknown type `strng`/m);
      expect(watcher.stderr()).toMatch(/^taxonomy\/flokit\.yaml:\d+:\d+ error unknown-keyword: /m);
      expect(watcher.stderr()).toMatch(/^\d\d:\d\d:\d\d 2 problems in the taxonomy; generated\/ keeps the last good output \(\d+ ms\)\.$/m);
      expect(watcher.stderr()).not.toMatch(NO_STACK);
      expect(snapshot(join(dir, 'generated'))).toEqual(before);
      expect(watcher.child.exitCode).toBeNull();

      saveAtomically(path, good.replace(PAYWALL_DESCRIPTION, 'Shown a paywall (fixed).'));
      await watcher.waitFor('regeneration after the fix', (out) => count(out, GENERATED_LINE) >= 3 && readFileSync(types, 'utf8').includes('Shown a paywall (fixed).'), 20_000);
      expect((await runCli(['check', '-t', BUNDLED], { cwd: dir })).code).toBe(0);
      await stopped(watcher);
    } finally {
      watcher.child.kill('SIGKILL');
    }
  });

  it('watches a taxonomy directory: a new file with a new event is picked up, a removed one pruned, the configured docs kept in step', async () => {
    const dir = project();
    writeFileSync(join(dir, 'flokit.config.json'), JSON.stringify({ taxonomy: 'taxonomy', out: 'generated', docs: 'docs/plan.md' }));
    const added = join(dir, 'taxonomy', 'widgets.yaml');
    const schema = join(dir, 'generated', 'schemas', 'widget_clicked.schema.json');
    const docs = join(dir, 'docs', 'plan.md');
    const watcher = startCli(['watch'], { cwd: dir });
    try {
      await watcher.waitFor('the first generation', (out) => count(out, GENERATED_LINE) >= 1, 30_000);
      expect(watcher.stdout()).toMatch(/^watching taxonomy → generated\/ \(Ctrl-C to stop\)\n/);

      saveAtomically(added, 'events:\n  widget_clicked:\n    description: A widget was clicked.\n    identity: user_id\n    properties:\n      widget_id: { type: string, required: true }\n');
      await watcher.waitFor('regeneration with the new file', (out) => /flokit 1\.0\.0: 14 events, .* → generated\//.test(out) && existsSync(schema), 20_000);
      expect(JSON.parse(readFileSync(schema, 'utf8'))).toMatchObject({ title: 'widget_clicked', description: 'A widget was clicked.' });
      await watcher.waitFor('the docs with the new event', (out) => count(out, 'the plan → docs/plan.md') >= 2 && readFileSync(docs, 'utf8').includes('widget\\_clicked'), 20_000);

      rmSync(added);
      await watcher.waitFor('regeneration without it', (out) => count(out, /14 events/g) >= 1 && count(out, /13 events/g) >= 2 && !existsSync(schema), 20_000);
      await watcher.waitFor('the docs without it', (out) => count(out, 'the plan → docs/plan.md') >= 3 && !readFileSync(docs, 'utf8').includes('widget\\_clicked'), 20_000);
      expect(watcher.stderr()).toBe('');
      expect((await runCli(['check', '-q'], { cwd: dir })).code).toBe(0);
      await stopped(watcher);
    } finally {
      watcher.child.kill('SIGKILL');
    }
  });

  // Regression: `watch --quiet` ("print only problems") used to print the watching line, a line per
  // run and `stopped watching.`.
  it('prints nothing but problems with --quiet', async () => {
    const dir = project();
    const watcher = startCli(['watch', '--quiet'], { cwd: dir });
    try {
      await watcher.waitFor('the first generation', () => existsSync(join(dir, 'generated', 'flokit-gen.manifest.json')), 30_000);
      // Problems are still printed.
      const path = join(dir, BUNDLED);
      saveAtomically(path, broken(readFileSync(path, 'utf8')));
      await watcher.waitFor('the report of the broken edit', (_, err) => err.includes('keeps the last good output'), 20_000);
      expect(watcher.stderr()).toMatch(/^taxonomy\/flokit\.yaml:\d+:\d+ error unknown-type: /m);
      expect((await watcher.stop('SIGINT')).code).toBe(0);
      expect(watcher.stdout()).toBe('');
    } finally {
      watcher.child.kill('SIGKILL');
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('validate', LOADED, () => {
  const VALID = { event: 'paywall_viewed', user_id: 'usr_1', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_1' } };
  const INVALID = { event: 'paywall_viewed', timestamp: '2024-03-15', properties: { paywal_id: 'pw_1' } };
  const VIOLATIONS = [
    '  /user_id is required: paywall_viewed needs user_id',
    '  /timestamp must be an RFC 3339 date-time such as 2024-03-15T14:22:00Z',
    '  /properties/paywall_id is required',
    '  /properties/paywal_id is not a property of paywall_viewed; did you mean "paywall_id"?',
  ];
  const line = (value: unknown): string => JSON.stringify(value);
  let dir: string;
  beforeAll(() => {
    dir = project();
    writeFileSync(join(dir, 'valid.json'), `${JSON.stringify(VALID, null, 2)}\n`);
    writeFileSync(join(dir, 'invalid.json'), `${JSON.stringify(INVALID, null, 2)}\n`);
    writeFileSync(join(dir, 'batch.json'), `${JSON.stringify({ events: [VALID, INVALID] }, null, 2)}\n`);
    writeFileSync(join(dir, 'array.json'), `[${line(INVALID)}, ${line(VALID)}, ${line(INVALID)}]\n`);
    writeFileSync(join(dir, 'events.ndjson'), `${line(VALID)}\n{"event": "paywall_viewed",\n${line(INVALID)}\n`);
    writeFileSync(join(dir, 'export.log'), `${line(VALID)}\n${line(INVALID)}\n`);
  });

  test('accepts a valid event file: exit 0 and the summary', async () => {
    expect(await runCli(['validate', 'valid.json'], { cwd: dir })).toEqual({ code: 0, signal: null, stdout: '1 source: 1 valid, 0 invalid.\n', stderr: '' });
    expect(await runCli(['validate', 'valid.json', '--quiet'], { cwd: dir })).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
  });

  test('reports an invalid event with its file, event name and every violation: exit 1', async () => {
    const result = await runCli(['validate', 'invalid.json'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    expect(lines(result.stdout)).toEqual(['invalid.json paywall_viewed', ...VIOLATIONS, '1 source: 0 valid, 1 invalid.']);
    // --quiet still prints problems and the summary.
    expect((await runCli(['validate', '-q', 'invalid.json'], { cwd: dir })).stdout).toBe(result.stdout);
  });

  test('locates events in a batch body and a JSON array by index', async () => {
    const batch = await runCli(['validate', 'batch.json'], { cwd: dir });
    expect(batch.code).toBe(1);
    expect(lines(batch.stdout)).toEqual(['batch.json[1] paywall_viewed', ...VIOLATIONS, '1 source: 1 valid, 1 invalid.']);
    const array = await runCli(['validate', 'array.json'], { cwd: dir });
    expect(array.code).toBe(1);
    expect(lines(array.stdout)).toEqual(['array.json[0] paywall_viewed', ...VIOLATIONS, 'array.json[2] paywall_viewed', ...VIOLATIONS, '1 source: 1 valid, 2 invalid.']);
  });

  test('locates NDJSON events and broken lines by line, by extension or by content', async () => {
    const ndjson = await runCli(['validate', 'events.ndjson'], { cwd: dir });
    expect(ndjson.code, shown(ndjson)).toBe(1);
    const out = lines(ndjson.stdout);
    expect(out[0]).toMatch(/^events\.ndjson:2(:\d+)? is not valid JSON: /);
    expect(out.slice(1)).toEqual(['events.ndjson:3 paywall_viewed', ...VIOLATIONS, '1 source: 1 valid, 2 invalid.']);
    const byContent = await runCli(['validate', 'export.log'], { cwd: dir });
    expect(lines(byContent.stdout)).toEqual(['export.log:2 paywall_viewed', ...VIOLATIONS, '1 source: 1 valid, 1 invalid.']);
  });

  test('reads stdin for -', async () => {
    const piped = await runCli(['validate', '-'], { cwd: dir, input: `${line(VALID)}\n${line(INVALID)}\n` });
    expect(piped.code, shown(piped)).toBe(1);
    expect(lines(piped.stdout)).toEqual(['<stdin>:2 paywall_viewed', ...VIOLATIONS, '1 source: 1 valid, 1 invalid.']);
    expect(await runCli(['validate', '-'], { cwd: dir, input: `${JSON.stringify(VALID, null, 2)}\n` })).toMatchObject({ code: 0, stdout: '1 source: 1 valid, 0 invalid.\n' });
    const twice = await runCli(['validate', '-', '-'], { cwd: dir, input: '' });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('`-` (stdin) can be given once');
  });

  test('counts sources in the summary and reports an unreadable file as invalid', async () => {
    const result = await runCli(['validate', 'valid.json', 'batch.json', 'array.json', 'missing.json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^missing\.json cannot be read: ENOENT/m);
    expect(lines(result.stdout).at(-1)).toBe('4 sources: 3 valid, 4 invalid.');
  });

  test('prints one JSON document with --format json', async () => {
    const result = await runCli(['validate', '--format', 'json', 'valid.json', 'array.json', 'events.ndjson'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    const report = JSON.parse(result.stdout) as { invalid: { source: string; line?: number; index?: number; event?: string | null; violations?: { path: string; message: string }[] }[]; summary: unknown };
    expect(report.summary).toEqual({ valid: 3, invalid: 4, sources: 3 });
    expect(report.invalid.map((i) => [i.source, i.index ?? i.line])).toEqual([
      ['array.json', 0],
      ['array.json', 2],
      ['events.ndjson', 2],
      ['events.ndjson', 3],
    ]);
    // The generated validator's violations, word for word and with their codes; the CLI adds a hint.
    const generated = validateEvent(INVALID);
    expect(generated.valid).toBe(false);
    const hinted = (generated.valid ? [] : generated.violations).map((v) => (v.code === 'unexpected-property' ? { ...v, hint: 'did you mean "paywall_id"?' } : v));
    expect(report.invalid[0]).toEqual({ kind: 'event', source: 'array.json', index: 0, event: 'paywall_viewed', violations: hinted });
    expect(hinted.map((v) => v.code)).toEqual(['missing-identity', 'constraint-failed', 'missing-required', 'unexpected-property']);
    expect(await runCli(['validate', '-f', 'json', 'valid.json'], { cwd: dir })).toMatchObject({ code: 0, stdout: '{"invalid":[],"summary":{"valid":1,"invalid":0,"sources":1}}\n' });
  });

  test('exits 2 on an unknown format or without files', async () => {
    const xml = await runCli(['validate', '--format', 'xml', 'valid.json'], { cwd: dir });
    expect(xml.code).toBe(2);
    expect(xml.stdout).toBe('');
    expect(xml.stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json.");
    const none = await runCli(['validate'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("error: missing required argument 'files'");
  });

  test('checks nothing against a broken taxonomy: located diagnostics, exit 1', async () => {
    const broke = copyOf(dir);
    const path = join(broke, BUNDLED);
    writeFileSync(path, broken(readFileSync(path, 'utf8')));
    const result = await runCli(['validate', 'valid.json'], { cwd: broke });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^taxonomy\/flokit\.yaml:\d+:\d+ error unknown-type: /m);
    expect(result.stderr).toContain('2 problems in the taxonomy; no payload was checked.');
  });
});

// ---------------------------------------------------------------------------------------------

describe('init', LOADED, () => {
  test('scaffolds an empty directory; generate then works and check passes', async () => {
    const dir = tempDir();
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code, shown(result)).toBe(0);
    expect(lines(result.stdout).slice(0, 3)).toEqual(['created taxonomy/flokit.yaml', 'created flokit.config.json', 'created package.json']);
    // Not installed here: the schema path is where `npm install --save-dev flokit-gen` puts it, and init says so.
    expect(result.stdout).toContain('flokit-gen is not installed in this project: run `npm install --save-dev flokit-gen`');
    const bundled = readFileSync(join(ROOT, BUNDLED), 'utf8');
    expect(readFileSync(join(dir, 'taxonomy', 'flokit.yaml'), 'utf8')).toBe(bundled.replace('$schema=../schema/', '$schema=../node_modules/flokit-gen/schema/'));
    expect(JSON.parse(readFileSync(join(dir, 'flokit.config.json'), 'utf8'))).toEqual({ taxonomy: 'taxonomy', out: 'generated' });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // Regression: a prebuild script in a project without a build script never runs.
    expect(pkg.scripts).toEqual({ 'flokit:generate': 'flokit-gen generate', check: 'flokit-gen check', 'flokit:watch': 'flokit-gen watch' });
    expect(result.stdout).toContain('run `npm run flokit:generate` before you compile (there is no build script to hook');

    const generated = await runCli(['generate'], { cwd: dir });
    expect(generated.stdout).toMatch(/^flokit 1\.0\.0: 13 events, 6 shared types → generated\/: \d+ written, 0 unchanged, 0 removed/);
    expect(generated.stdout).toContain(`: ${fileCount(join(dir, 'generated'))} written`);
    expect(await runCli(['check'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'generated/ is up to date with taxonomy.\n' });

    // Again: every conflict named, nothing written.
    ageFiles(dir);
    const before = snapshot(dir);
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code, shown(again)).toBe(1);
    expect(again.stdout).toBe('');
    for (const conflict of [
      'taxonomy/flokit.yaml already exists',
      'flokit.config.json already exists',
      'package.json already has a "flokit:generate" script (choose another name with --generate-script <name>)',
      'package.json already has a "check" script (choose another name with --check-script <name>)',
      'package.json already has a "flokit:watch" script (choose another name with --watch-script <name>)',
    ]) {
      expect(again.stderr).toContain(`error: ${conflict}`);
    }
    expect(again.stderr).toContain('nothing was written.');
    expect(again.stderr).not.toMatch(NO_STACK);
    expect(snapshot(dir)).toEqual(before);
  });

  test('adds its scripts to an existing package.json with a build script (prebuild), says it updated it; --quiet prints nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '2.0.0', type: 'module', scripts: { build: 'tsc' } }));
    const scripts = { build: 'tsc', prebuild: 'flokit-gen generate', check: 'flokit-gen check', 'flokit:watch': 'flokit-gen watch' };
    const loud = copyOf(dir);
    expect(await runCli(['init', '--quiet'], { cwd: dir })).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toEqual({ name: 'app', version: '2.0.0', type: 'module', scripts });

    // Regression: it said "created package.json" for a file it edited.
    const result = await runCli(['init'], { cwd: loud });
    expect(lines(result.stdout).slice(0, 3)).toEqual(['created taxonomy/flokit.yaml', 'created flokit.config.json', 'updated package.json: added the scripts "prebuild", "check" and "flokit:watch"']);
    expect(result.stdout).toContain('`npm run build` regenerates first (the "prebuild" script)');
  });

  test('refuses a package.json that already has a check script, naming the flag; with it, picks other names', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{ "name": "app", "scripts": { "check": "tsc --noEmit" } }\n');
    ageFiles(dir);
    const before = snapshot(dir);
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code, shown(result)).toBe(1);
    expect(lines(result.stderr)).toEqual([
      'error: package.json already has a "check" script (choose another name with --check-script <name>)',
      '',
      'flokit-gen init changes nothing in a project that has any of these; nothing was written.',
    ]);
    expect(snapshot(dir)).toEqual(before);

    const chosen = await runCli(['init', '--check-script', 'flokit:check', '--generate-script', 'gen', '--watch-script', 'dev:events'], { cwd: dir });
    expect(chosen.code, shown(chosen)).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: unknown }).scripts).toEqual({
      check: 'tsc --noEmit',
      gen: 'flokit-gen generate',
      'flokit:check': 'flokit-gen check',
      'dev:events': 'flokit-gen watch',
    });
    const twice = await runCli(['init', '--check-script', 'x', '--watch-script', 'x'], { cwd: tempDir() });
    expect(twice.stderr).toContain('error: the script name "x" is given for two commands');
  });

  test.each([
    ['the project', 'app', '../node_modules/flokit-gen/schema/taxonomy.schema.json'],
    ['a workspace root', 'packages/app', '../../../node_modules/flokit-gen/schema/taxonomy.schema.json'],
  ])('points the editor schema at the package installed in %s, a path that resolves from the taxonomy file', async (_where, app, expected) => {
    const root = tempDir();
    const installed = join(root, app.startsWith('packages') ? '' : app, 'node_modules', 'flokit-gen', 'schema');
    mkdirSync(installed, { recursive: true });
    cpSync(join(ROOT, 'schema', 'taxonomy.schema.json'), join(installed, 'taxonomy.schema.json'));
    const dir = join(root, app);
    mkdirSync(dir, { recursive: true });
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).not.toContain('is not installed');
    const first = readFileSync(join(dir, 'taxonomy', 'flokit.yaml'), 'utf8').split('\n')[0] ?? '';
    expect(first).toBe(`# yaml-language-server: $schema=${expected}`);
    expect(existsSync(join(dir, 'taxonomy', expected))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('every command', LOADED, () => {
  test.each(['generate', 'check', 'watch', 'validate', 'init'])('%s --help shows usage and examples, exit 0', async (command) => {
    const result = await runCli([command, '--help'], { cwd: tmpdir() });
    expect(result.code, shown(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^Usage: flokit-gen ${command} `));
    expect(result.stdout).toContain('\nExamples:\n');
    expect(result.stdout).toMatch(new RegExp(`^ {2}\\$ flokit-gen ${command}\\b`, 'm'));
    expect(result.stdout).toContain('-C, --cwd <dir>');
    expect(result.stdout).toContain('-q, --quiet');
  });

  test('top-level --help lists the commands, examples and exit codes', async () => {
    const result = await runCli(['--help'], { cwd: tmpdir() });
    expect(result.code).toBe(0);
    for (const command of ['generate', 'check', 'watch', 'validate', 'init']) expect(result.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    expect(result.stdout).toContain('\nExamples:\n  $ flokit-gen generate\n');
    expect(result.stdout).toContain('Exit codes: 0 ok, 1 invalid input or stale output, 2 usage error.');
    expect((await runCli(['help', 'check'], { cwd: tmpdir() })).stdout).toMatch(/^Usage: flokit-gen check /);
  });

  test('prints the version with --version and -v', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(await runCli(['--version'], { cwd: tmpdir() })).toEqual({ code: 0, signal: null, stdout: `${version}\n`, stderr: '' });
    expect(await runCli(['-v'], { cwd: tmpdir() })).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  test('exits 2 on usage errors, with one error line and a pointer to --help', async () => {
    for (const args of [['frobnicate'], ['check', '--frobnicate'], ['validate', 'x.json', '--bogus'], ['generate', '--out'], ['--nope']]) {
      const result = await runCli(args, { cwd: tmpdir() });
      expect(result.code, `${args.join(' ')}\n${shown(result)}`).toBe(2);
      expect(result.stdout).toBe('');
      const errors = lines(result.stderr);
      expect(errors[0]).toMatch(/^error: /);
      expect(errors.at(-1)).toBe('(run with --help for usage)');
      expect(errors.length).toBeLessThanOrEqual(3); // and a suggestion, when there is one
    }
  });

  // Regression: with generate as commander's default command, `flokit-gen genrate` used to say
  // `error: too many arguments for 'generate'. Expected 0 arguments but got 1.`
  test('names a misspelled command as an unknown command', async () => {
    const result = await runCli(['genrate'], { cwd: tmpdir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown command 'genrate'\n/);
    expect(result.stderr).toContain('generate');
    // Still the default command when none is named, options or not.
    const dir = project();
    expect(await runCli(['-q'], { cwd: dir })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(dir, 'generated', 'types.ts'))).toBe(true);
  });

  // Without NO_COLOR: the case where colour could leak into a pipe (NO_COLOR=1 turns it off anyway,
  // on a terminal too: the next test).
  test('never colours output that is not a terminal', async () => {
    const dir = project();
    const path = join(dir, BUNDLED);
    writeFileSync(join(dir, 'bad.json'), '{"event":"paywall_viewed"}\n');
    const env = { NO_COLOR: undefined };
    const runs = [await runCli(['check'], { cwd: dir, env }), await runCli(['validate', 'bad.json'], { cwd: dir, env }), await runCli(['frobnicate'], { cwd: dir, env })];
    writeFileSync(path, broken(readFileSync(join(ROOT, BUNDLED), 'utf8')));
    runs.push(await runCli(['generate'], { cwd: dir, env }));
    for (const result of runs) {
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).not.toContain('\u001b[');
    }
  });

  // A terminal for the child, where util-linux `script` is available.
  const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
  (hasScript ? test : test.skip)('colours a terminal, unless NO_COLOR is set (to anything but the empty string)', async () => {
    const dir = project();
    const onTerminal = (env: Readonly<Record<string, string | undefined>>): Promise<string> =>
      runProcess('script', ['-qec', `'${process.execPath}' '${BIN}' check`, '/dev/null'], { cwd: dir, env }).then((r) => r.stdout);
    const coloured = await onTerminal({ NO_COLOR: undefined });
    expect(coloured).toContain('\u001b[33mmissing:\u001b[39m generated/types.ts');
    expect(await onTerminal({ NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(await onTerminal({ NO_COLOR: '' })).toContain('\u001b[33m');
  });
});
