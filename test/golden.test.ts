// Golden fixtures: each case in test/fixtures/valid/<case>/ is a taxonomy and the exact output it
// must generate (expected/), runtime/ aside. Set UPDATE_GOLDEN=1 to rewrite the expectations after a
// deliberate change, then review the diff. The committed generated/ is the golden output of the
// bundled taxonomy. All expected .ts files are type-checked under strict by `tsc -p tsconfig.json`.
//
// runtime/ is the same templates/runtime/ in every output, each file behind a one-line header, so
// the fixtures carry no copies of it: one test proves that every output's runtime/ is exactly that,
// and what imports ./runtime/ in a fixture reads templates/runtime/ instead (tsconfig.json's
// rootDirs for the type-check, the fixtureRuntime plugin of vitest.config.ts for the tests).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOutput, checkFiles, generate, loadTaxonomy, MANIFEST, writeFiles, type GeneratedFile, type Taxonomy } from '../src/index.js';
import { contentHashes } from '../src/emit/hashes.js';
import { headerText } from '../src/emit/header.js';
import { MODULE_EXPORTS } from '../src/model/naming.js';
import { RUNTIME_MODULES } from '../src/emit/runtime.js';

const ROOT = 'test/fixtures/valid';
const CASES = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'taxonomy.yaml'))).sort();

function load(path: string): Taxonomy {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  expect(diagnostics).toEqual([]);
  return taxonomy as Taxonomy;
}

function expectMatches(outDir: string, files: readonly GeneratedFile[]): void {
  if (process.env['UPDATE_GOLDEN'] === '1') {
    rmSync(outDir, { recursive: true, force: true });
    writeFiles(outDir, files);
  }
  const report = checkFiles(outDir, files);
  expect({ missing: report.missing, changed: report.changed.map((c) => c.path), extra: report.extra, manifestOutdated: report.manifestOutdated }).toEqual({ missing: [], changed: [], extra: [], manifestOutdated: false });
}

const inRuntime = (f: GeneratedFile): boolean => f.path.startsWith('runtime/');

describe.each(CASES)('fixture %s', (name) => {
  it('generates exactly the expected files, runtime/ aside', async () => {
    // A runtime/ left in expected/ is reported as extra: the fixtures carry no copies of it.
    expectMatches(join(ROOT, name, 'expected'), (await generate(load(join(ROOT, name, 'taxonomy.yaml')))).filter((f) => !inRuntime(f)));
  });
});

describe('runtime/', () => {
  it('is, in every output, exactly one header line and then templates/runtime/<file>, byte for byte', async () => {
    const templates = new Map(RUNTIME_MODULES.map((m) => [m, readFileSync(join('templates/runtime', m), 'utf8')]));
    for (const path of ['taxonomy/flokit.yaml', ...CASES.map((name) => join(ROOT, name, 'taxonomy.yaml'))]) {
      const taxonomy = load(path);
      const header = `// ${headerText(taxonomy, contentHashes(taxonomy).identity)}\n`;
      const runtime = (await generate(taxonomy)).filter(inRuntime);
      expect(runtime.map((f) => f.path), path).toEqual(RUNTIME_MODULES.map((m) => `runtime/${m}`));
      for (const file of runtime) expect(file.contents, `${path}: ${file.path}`).toBe(header + templates.get(file.path.slice('runtime/'.length) as (typeof RUNTIME_MODULES)[number]));
    }
  });
});

describe('the bundled taxonomy', () => {
  it('generates exactly the committed generated/ directory, manifest included', async () => {
    const { files = [] } = await buildOutput('taxonomy/flokit.yaml', 'generated');
    expect(files.map((f) => f.path)).toContain(MANIFEST);
    expectMatches('generated', files);
  });

  it('generates identical bytes twice', async () => {
    const taxonomy = load('taxonomy/flokit.yaml');
    expect(await generate(taxonomy)).toEqual(await generate(taxonomy));
    expect(await generate(load('taxonomy/flokit.yaml'))).toEqual(await generate(taxonomy));
  });

  it('exports only names the IR decided or that naming.ts reserves for the module', async () => {
    const taxonomy = load('taxonomy/flokit.yaml');
    const decided = new Set([
      ...taxonomy.types.map((t) => t.typeName),
      ...taxonomy.events.flatMap((e) => [e.names.eventType, e.names.propertiesType, e.names.track, e.names.build, e.names.validate, e.names.guard]),
    ]);
    const sources = (await generate(taxonomy)).filter((f) => f.path.endsWith('.ts') && !f.path.startsWith('runtime/'));
    const exported = sources.flatMap((f) => [
      ...[...f.contents.matchAll(/^export (?:declare )?(?:async )?(?:function|const|let|class|interface|type) ([\p{L}\p{N}_$]+)/gmu)].map((m) => m[1] as string),
      ...[...f.contents.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((m) => (m[1] as string).split(',').map((n) => n.trim()).filter(Boolean)),
    ]);
    expect(exported.length).toBeGreaterThan(50);
    expect(exported.filter((name) => !decided.has(name) && !MODULE_EXPORTS.includes(name))).toEqual([]);
  });

  it('lists every event schema, the any-event and batch schemas, types, validators, client, runtime and index', async () => {
    const paths = (await generate(load('taxonomy/flokit.yaml'))).map((f) => f.path);
    expect(paths.filter((p) => p.startsWith('schemas/'))).toHaveLength(13);
    expect(paths.filter((p) => !p.startsWith('schemas/'))).toEqual([
      'batch.schema.json', 'client.ts', 'event.schema.json', 'index.ts',
      ...RUNTIME_MODULES.map((m) => `runtime/${m}`),
      'types.ts', 'validators.ts',
    ]);
  });
});
