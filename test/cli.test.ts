// The real built binary, spawned in temporary directories: exit codes, output streams, located
// diagnostics, and that a broken taxonomy leaves the output directory untouched.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate, loadTaxonomy, type Taxonomy } from '../src/index.js';

const BIN = resolve('bin/flokit-gen.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flokit-cli-'));
  cpSync('taxonomy', join(dir, 'taxonomy'), { recursive: true });
  return dir;
}

describe('flokit-gen generate', () => {
  it('generates the bundled taxonomy into generated/, byte for byte the committed output', async () => {
    const dir = project();
    const result = await run(['generate'], dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^flokit 1\.0\.0: 13 events, 6 shared types → generated\/: 31 written, 0 unchanged, 0 removed \(\d+ ms\)\.\n$/);
    for (const file of ['types.ts', 'validators.ts', 'index.ts', 'schemas/paywall_viewed.schema.json', 'batch.schema.json']) {
      expect(readFileSync(join(dir, 'generated', file), 'utf8')).toBe(readFileSync(join('generated', file), 'utf8'));
    }
    const again = await run(['generate'], dir);
    expect(again.stdout).toMatch(/^generated\/ is up to date with taxonomy: nothing to write \(\d+ ms\)\.\n$/);
    // Without the manifest's proof (a comment edited), it regenerates and rewrites only the manifest.
    writeFileSync(join(dir, 'taxonomy', 'flokit.yaml'), `${readFileSync(join(dir, 'taxonomy', 'flokit.yaml'), 'utf8')}# a comment\n`);
    expect((await run(['generate'], dir)).stdout).toContain('1 written, 30 unchanged, 0 removed');
  });

  it('--force generates even when the manifest proves the output fresh (flokit-gen itself was edited)', async () => {
    const dir = project();
    await run(['generate'], dir);
    // A file and its manifest entry both changed, as when a runtime template is edited in a checkout:
    // the manifest's proof holds, so only --force finds that the generator would write other bytes.
    const index = join(dir, 'generated', 'index.ts');
    const manifestPath = join(dir, 'generated', 'flokit-gen.manifest.json');
    const edited = `${readFileSync(index, 'utf8')}// edited\n`;
    writeFileSync(index, edited);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, string> };
    manifest.files['index.ts'] = createHash('sha256').update(edited).digest('hex');
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    expect((await run(['generate'], dir)).stdout).toContain('nothing to write');
    expect((await run(['generate', '--force'], dir)).stdout).toMatch(/: 2 written, 29 unchanged, 0 removed/);
    expect(readFileSync(index, 'utf8')).toBe(readFileSync(join('generated', 'index.ts'), 'utf8'));
  });

  it('is the default command', async () => {
    const result = await run([], project());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('13 events');
  });

  it('removes stale files it generated and keeps files it did not', async () => {
    const dir = project();
    await run(['generate'], dir);
    const stale = join(dir, 'generated', 'schemas', 'gone.schema.json');
    writeFileSync(stale, readFileSync(join(dir, 'generated', 'schemas', 'paywall_viewed.schema.json')));
    writeFileSync(join(dir, 'generated', 'mine.ts'), 'export const mine = 1;\n');
    const result = await run(['generate'], dir);
    expect(result.stdout).toContain('0 written, 31 unchanged, 1 removed');
    expect(existsSync(stale)).toBe(false);
    expect(readFileSync(join(dir, 'generated', 'mine.ts'), 'utf8')).toBe('export const mine = 1;\n');
  });

  it('reports every located problem of a broken taxonomy on stderr, exits 1 and writes nothing', async () => {
    const dir = project();
    const out = join(dir, 'generated');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'untouched');
    const before = statSync(join(out, 'keep.txt')).mtimeMs;
    writeFileSync(
      join(dir, 'taxonomy', 'flokit.yaml'),
      'taxonomy: broken\nversion: 1.0.0\nevents:\n  a:\n    properties:\n      x: { type: strng }\n      y: { type: string, requierd: true }\n',
    );
    const result = await run(['generate'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('taxonomy/flokit.yaml:6:18 error unknown-type: unknown type `strng`');
    expect(result.stderr).toContain('taxonomy/flokit.yaml:7:26 error unknown-keyword: unknown keyword `requierd`');
    expect(result.stderr).toContain('hint: did you mean `required`?');
    expect(result.stderr).toContain('2 problems in the taxonomy; nothing was written.');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(out)).toEqual(['keep.txt']);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('untouched');
    expect(statSync(join(out, 'keep.txt')).mtimeMs).toBe(before);
  });

  it('takes --taxonomy and --cwd', async () => {
    const dir = project();
    const result = await run(['generate', '--cwd', dir, '--taxonomy', 'taxonomy/flokit.yaml', '--quiet'], tmpdir());
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('names a missing taxonomy path', async () => {
    const result = await run(['generate', '--taxonomy', 'nope.yaml'], project());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope.yaml:1:1 error file-not-found: no readable taxonomy file or directory at `nope.yaml`');
  });
});

describe('a large taxonomy', () => {
  it('writes, for a 300-event taxonomy, exactly the files generate() returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flokit-large-'));
    const events = Array.from({ length: 300 }, (_, i) => `  event_${i}:\n    identity: user_id\n    properties:\n      id_${i}: { type: string, required: true }\n      n: { type: integer, minimum: 0 }\n`);
    writeFileSync(join(dir, 'taxonomy.yaml'), `taxonomy: large\nversion: 1.0.0\nevents:\n${events.join('')}`);
    const result = await run(['generate', '-t', 'taxonomy.yaml', '-o', 'out', '-q'], dir);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    // The CLI runs the compiled dist/; this process runs the TypeScript sources.
    const { taxonomy } = loadTaxonomy(join(dir, 'taxonomy.yaml'));
    for (const file of generate(taxonomy as Taxonomy)) expect(readFileSync(join(dir, 'out', file.path), 'utf8'), file.path).toBe(file.contents);
  }, 60_000);
});

describe('flokit-gen check', () => {
  it('passes on fresh output and fails, listing the file, once the taxonomy changes', async () => {
    const dir = project();
    await run(['generate'], dir);
    expect(await run(['check'], dir)).toMatchObject({ code: 0, stdout: 'generated/ is up to date with taxonomy.\n' });
    const path = join(dir, 'taxonomy', 'flokit.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('Send every time a paywall screen is shown to the user.', 'Send when a paywall is shown.'));
    const stale = await run(['check'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('changed: generated/schemas/paywall_viewed.schema.json');
    expect(stale.stderr).toContain('changed: generated/types.ts');
    expect(stale.stderr).toMatch(/generated\/ is stale \(\d+ files; \+ is what generate would write\): run `npx flokit-gen generate`\./);
  });

  it('reports missing files when nothing was generated', async () => {
    const result = await run(['check'], project());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing: generated/types.ts');
  });
});

describe('flokit-gen usage', () => {
  it('exits 2 on an unknown option', async () => {
    const result = await run(['generate', '--frobnicate'], project());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });

  it('prints the package version', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(await run(['--version'], project())).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints help with examples', async () => {
    const result = await run(['generate', '--help'], project());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--taxonomy <path>');
    expect(result.stdout).toContain('$ flokit-gen generate --taxonomy events.yaml');
  });
});

describe('cold start', () => {
  it('a check of an unchanged tree loads none of the heavy libraries; a generate loads them; only coverage loads ts-morph', async () => {
    const dir = project();
    expect((await run(['generate', '-q'], dir)).code).toBe(0);
    // CommonJS packages (yaml, ajv's compiler, and the test oracles prettier and json-schema-to-typescript, which the generator must never load) show in the
    // require cache once loaded; the script prints which of them a command loaded.
    const script = `
      const { createRequire } = await import('node:module');
      const { main } = await import(${JSON.stringify(pathToFileURL(resolve('dist/src/cli.js')).href)});
      const code = await main(['node', 'flokit-gen', ...JSON.parse(process.argv[1])], { out() {}, write() {}, err() {}, color: false });
      const cache = Object.keys(createRequire(import.meta.url).cache);
      // ajv's compiler (its core), not the small runtime helpers the precompiled format validator requires.
      const heavy = ['yaml/', 'ajv/dist/core.js', 'typescript/', 'prettier/', 'json-schema-to-typescript/', 'ts-morph/'].filter((p) => cache.some((f) => f.includes('/node_modules/' + p)));
      console.log(JSON.stringify({ code, heavy }));`;
    const loaded = (args: string[]): Promise<string> =>
      new Promise((done) => {
        execFile(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(args)], { cwd: dir }, (_, stdout) => done(stdout.trim()));
      });
    expect(JSON.parse(await loaded(['check']))).toEqual({ code: 0, heavy: [] });
    writeFileSync(join(dir, 'taxonomy', 'flokit.yaml'), `${readFileSync(join(dir, 'taxonomy', 'flokit.yaml'), 'utf8')}# edited\n`);
    // The format schema is checked by ajv's code compiled ahead of time (schema/taxonomy.validate.cjs): no compiler at run time.
    expect(JSON.parse(await loaded(['generate']))).toEqual({ code: 0, heavy: ['yaml/'] });
    // ts-morph (and the TypeScript it bundles) is loaded by coverage alone.
    writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "strict": true, "lib": ["ES2022", "DOM"] }, "include": ["generated"] }\n');
    expect(JSON.parse(await loaded(['coverage', '-q']))).toEqual({ code: 0, heavy: ['yaml/', 'ts-morph/'] });
  });
});
