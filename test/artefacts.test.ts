// The emitted artefacts as their users meet them: every schema file of every fixture compiles under
// ajv's strict mode, the batch schema holds the API's 1 to 1,000 limit, and a bundler keeps only the
// validators a module imports.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { oracle } from './support/oracle.js';

const OUTPUTS = ['generated', ...readdirSync('test/fixtures/valid').map((name) => `test/fixtures/valid/${name}/expected`)];
const TMP = resolve('test/.tmp/artefacts');

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => join(dir, f));
}

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe.each(OUTPUTS)('%s', (dir) => {
  it('has schemas that each compile on their own under ajv strict mode', () => {
    const files = schemaFiles(dir);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const ajv = oracle();
      expect(() => ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object), file).not.toThrow();
    }
  });
});

describe('the batch schema of the bundled taxonomy', () => {
  const ajv = oracle();
  const validate = ajv.compile(JSON.parse(readFileSync('generated/batch.schema.json', 'utf8')) as object);
  const event = { event: 'paywall_viewed', user_id: 'usr_abc123', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_annual_v3' } };

  it('accepts 1 to 1,000 valid events and nothing outside that range', () => {
    expect(validate({ events: [event] })).toBe(true);
    expect(validate({ events: Array.from({ length: 1000 }, () => event) })).toBe(true);
    expect(validate({ events: [] })).toBe(false);
    expect(validate({ events: Array.from({ length: 1001 }, () => event) })).toBe(false);
  });

  it('checks each event against its own schema', () => {
    expect(validate({ events: [event, { ...event, properties: {} }] })).toBe(false);
    expect(validate({ events: [{ ...event, event: 'no_such_event' }] })).toBe(false);
  });
});

describe('tree-shaking', () => {
  it('bundles only the validator a module imports', async () => {
    mkdirSync(TMP, { recursive: true });
    const entry = join(TMP, 'entry.ts');
    writeFileSync(entry, `export { validatePaywallViewed } from '${resolve('generated/validators.js')}';\n`);
    const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, platform: 'neutral' });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toContain('paywall_viewed');
    for (const other of ['subscription_started', 'refund_issued', 'install_attributed', 'user_created']) expect(code).not.toContain(other);
  });
});
