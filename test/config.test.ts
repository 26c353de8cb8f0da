// Project config: defaults, the three places a config can live, paths relative to the config file,
// and every kind of bad config as a fixture (test/fixtures/invalid-config/<case>/) whose located
// diagnostics are asserted in expected.txt (`UPDATE_GOLDEN=1` rewrites them for review).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic, loadConfig } from '../src/index.js';

const ROOT = 'test/fixtures/invalid-config';
const CASES = readdirSync(ROOT).sort();

describe('bad config fixtures', () => {
  it.each(CASES)('%s', (name) => {
    const dir = resolve(ROOT, name);
    const { diagnostics } = loadConfig(dir);
    expect(diagnostics.length).toBeGreaterThan(0);
    const text = diagnostics.map((d) => formatDiagnostic({ ...d, file: relative(dir, d.file) })).join('\n') + '\n';
    const expectedFile = join(dir, 'expected.txt');
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(expectedFile)) writeFileSync(expectedFile, text);
    expect(text).toBe(readFileSync(expectedFile, 'utf8'));
  });
});

describe('loadConfig', () => {
  let dir = '';
  const project = (files: Record<string, string>): string => {
    dir = mkdtempSync(join(tmpdir(), 'flokit-config-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to taxonomy/ → generated/ without a config', () => {
    const cwd = project({ 'package.json': '{"name":"app"}' });
    expect(loadConfig(cwd)).toEqual({ config: { taxonomy: join(cwd, 'taxonomy'), out: join(cwd, 'generated') }, diagnostics: [] });
  });

  it.each([
    ['flokit.config.json', '{ "taxonomy": "events/app.yaml", "out": "src/analytics" }'],
    ['flokit.config.yaml', 'taxonomy: events/app.yaml\nout: src/analytics\n'],
    ['flokit.config.yml', 'taxonomy: events/app.yaml\nout: src/analytics\n'],
    ['package.json', '{ "name": "app", "flokit": { "taxonomy": "events/app.yaml", "out": "src/analytics" } }'],
  ])('reads %s, paths relative to it', (file, text) => {
    const cwd = project({ [file]: text });
    expect(loadConfig(cwd)).toEqual({ config: { taxonomy: join(cwd, 'events/app.yaml'), out: join(cwd, 'src/analytics') }, file: join(cwd, file), diagnostics: [] });
  });

  it('keeps the default for a setting the file leaves out', () => {
    const cwd = project({ 'flokit.config.yaml': 'out: lib/flokit\n' });
    expect(loadConfig(cwd).config).toEqual({ taxonomy: join(cwd, 'taxonomy'), out: join(cwd, 'lib/flokit') });
  });
});
