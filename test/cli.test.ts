// The real built binary, spawned in temporary directories: exit codes, output streams, located
// diagnostics, and that a broken taxonomy leaves the output directory untouched.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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
  it('checks the bundled taxonomy and exits 0', async () => {
    const result = await run(['generate'], project());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('flokit 1.0.0: 13 events, 6 shared types, valid.');
  });

  it('is the default command', async () => {
    const result = await run([], project());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('13 events');
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
