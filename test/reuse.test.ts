// Regeneration with the artefact cache (generate(taxonomy, { cache })), as `watch` and the CLI do
// it: whatever the cache holds, the output is byte for byte what a run without a cache writes. Each
// edit is made to the IR of a taxonomy after a run on the original has filled the cache, so the
// cached artefacts of the events around it must be reused only where still right: an edited or
// moved event, patterns that get other names, an internal name that follows an event's index, a
// changed shared type. Also: a one-event edit changes that event's schema file and the files that
// gather every event, and no other; and the schema texts put together from cached pieces equal the
// schema objects serialised whole.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, loadTaxonomy, readCache, writeCache, writeFiles, type GeneratedFile, type Taxonomy } from '../src/index.js';
import { anyEventSchema, batchSchema, eventSchema, type SchemaObject } from '../src/emit/json-schema.js';
import type { EventDef, Property, Shape } from '../src/model/ir.js';

function load(path: string): Taxonomy {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  expect(diagnostics).toEqual([]);
  return taxonomy as Taxonomy;
}

const TMP = mkdtempSync(join(tmpdir(), 'flokit-reuse-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

// Names that are not plain ASCII: their internal names are their indexes (`$check_2`, `$type_0`),
// which move when an event or type is added or removed before them.
const INTERNATIONAL = join(TMP, 'international.yaml');
writeFileSync(
  INTERNATIONAL,
  `taxonomy: intl
version: 1.0.0
types:
  código: { type: string, pattern: "^[A-Z]{2}$" }
events:
  app_opened:
    properties:
      code: { type: string, pattern: "^[a-z]+$" }
  über_kauf:
    description: Bought.
    idempotencyKey: [transaktion]
    properties:
      transaktion: { type: string, required: true }
      land: código
  café_ouvert:
    identity: user_id
  ürün_görüldü:
    properties:
      id: { type: string, pattern: "^[0-9]{3}$" }
`,
);

const FIXTURES = readdirSync('test/fixtures/valid').map((name) => `test/fixtures/valid/${name}/taxonomy.yaml`);
const CORPUS = ['ecommerce', 'b2b', 'wide-300'].map((name) => `test/fixtures/corpus/${name}/taxonomy.yaml`);
const TAXONOMIES = ['taxonomy/flokit.yaml', INTERNATIONAL, ...FIXTURES, ...CORPUS];

function stringProperty(name: string, pattern?: string): Property {
  const shape: Shape = { kind: 'string', nullable: false, annotations: { pii: false }, ...(pattern === undefined ? {} : { pattern }) };
  return { name, required: false, shape, common: false, location: { file: 'edited.yaml', line: 1, column: 1 } };
}

function editEvent(taxonomy: Taxonomy, index: number, edit: (event: EventDef) => EventDef): Taxonomy {
  return { ...taxonomy, events: taxonomy.events.map((e, i) => (i === index ? edit(e) : e)) };
}

/** Three events test patterns, so that each pattern's name depends on the events before it. */
function withPatterns(taxonomy: Taxonomy): Taxonomy {
  const patterns: readonly (readonly string[])[] = [['^[a-z]{4}$'], ['^[0-9]+$', '^x-(a|b)$'], ['^[a-z]{4}$', '^[A-Z]{1,3}$']];
  return patterns.reduce((t, list, i) => editEvent(t, i, (e) => ({ ...e, properties: [...e.properties, ...list.map((p, k) => stringProperty(`coded_${k}`, p))] })), taxonomy);
}

const EDITS: Readonly<Record<string, (t: Taxonomy) => Taxonomy>> = {
  'one description': (t) => editEvent(t, Math.floor(t.events.length / 2), (e) => ({ ...e, description: 'Edited: sent after the server confirms it.' })),
  'an event moved (source positions only)': (t) => editEvent(t, 0, (e) => ({ ...e, location: { ...e.location, line: e.location.line + 40 } })),
  'the first event removed (later indexes shift)': (t) => ({ ...t, events: t.events.slice(1) }),
  'the events reversed': (t) => ({ ...t, events: [...t.events].reverse() }),
  'a property added to the last event': (t) => editEvent(t, t.events.length - 1, (e) => ({ ...e, properties: [...e.properties, stringProperty('added_later', '^[a-f0-9]{8}$')] })),
  'a pattern dropped from the first event (later patterns renamed)': (t) => editEvent(t, 0, (e) => ({ ...e, properties: e.properties.filter((p) => p.shape.kind !== 'string' || p.shape.pattern === undefined) })),
  'a shared type added first (later types\' indexes shift)': (t) => ({ ...t, types: [{ name: 'added_type', typeName: 'AddedType', shape: { kind: 'boolean', nullable: false, annotations: { pii: false } }, location: { file: 'edited.yaml', line: 1, column: 1 } }, ...t.types] }),
  "the taxonomy's version bumped (in every header, in no artefact)": (t) => ({ ...t, version: '9.9.9' }),
  'a shared type edited': (t) => ({ ...t, types: t.types.map((type, i) => (i === 0 ? { ...type, shape: { ...type.shape, annotations: { ...type.shape.annotations, description: 'Edited type.' } } } : type)) }),
};

async function fresh(taxonomy: Taxonomy): Promise<GeneratedFile[]> {
  return generate(taxonomy);
}

describe.each(TAXONOMIES)('%s', (path) => {
  it('generates the same bytes from a cache filled by the same taxonomy, keeps the cache to what it used, and serialises the schemas exactly as the schema objects', async () => {
    const taxonomy = load(path);
    const cache = new Map<string, string>();
    const expected = await generate(taxonomy, { cache }); // an empty cache: a run without one
    const size = cache.size;
    expect(await generate(taxonomy, { cache })).toEqual(expected);
    expect(cache.size).toBe(size);
    // event.schema.json and batch.schema.json are put together from the events' texts.
    const files = new Map(expected.map((f) => [f.path, f.contents]));
    const whole = (schema: SchemaObject, file: string): string => {
      const { $schema, $id, ...rest } = schema;
      const $comment = (JSON.parse(files.get(file) ?? '{}') as { $comment: string }).$comment;
      return JSON.stringify({ $schema, $id, $comment, ...rest }, null, 2) + '\n';
    };
    const any = anyEventSchema(taxonomy);
    expect(files.get('event.schema.json')).toBe(whole(any, 'event.schema.json'));
    expect(files.get('batch.schema.json')).toBe(whole(batchSchema(taxonomy, any), 'batch.schema.json'));
    for (const event of taxonomy.events) {
      const file = `schemas/${event.names.fileStem}.schema.json`;
      expect(files.get(file)).toBe(whole(eventSchema(taxonomy, event), file));
    }
  });
});

// The README test's nested `npm test` (FLOKIT_README_TEST), which proves a fresh clone works, edits two.
const EDITED = ['taxonomy/flokit.yaml', INTERNATIONAL, ...(process.env['FLOKIT_README_TEST'] === '1' ? [] : ['test/fixtures/valid/hostile-names/taxonomy.yaml', 'test/fixtures/valid/shared-types/taxonomy.yaml', ...CORPUS])];

// With patterns added to its first events (then names shift when one goes away); the first two also
// as they are (then a moved event's code is reused as it is, and must be right).
describe.each(EDITED.flatMap((path, i) => [...(i < 2 ? [[path, false] as const] : []), [path, true] as const]))('after an edit to %s (patterns added: %s)', (path, patterns) => {
  const original = patterns ? withPatterns(load(path)) : load(path);

  it.each(Object.keys(EDITS))('%s: the cached run writes what a run without a cache writes', async (name) => {
    const edited = (EDITS[name] as (t: Taxonomy) => Taxonomy)(original);
    const cache = new Map<string, string>();
    await generate(original, { cache });
    const expected = await fresh(edited);
    expect(await generate(edited, { cache })).toEqual(expected);
    // Pruned to exactly what a run on the edited taxonomy alone caches.
    const alone = new Map<string, string>();
    await generate(edited, { cache: alone });
    expect([...cache.keys()].sort()).toEqual([...alone.keys()].sort());
  });
});

describe('what the content hash covers', () => {
  // Found by review: source positions were left out by dropping every `location` key, examples' too.
  it("an example's own `location` key, which is the taxonomy's data: a cached run writes the new example", async () => {
    const taxonomy = load('taxonomy/flokit.yaml');
    const withExample = (place: string): Taxonomy =>
      editEvent(taxonomy, 0, (e) => ({ ...e, properties: [...e.properties, { ...stringProperty('place'), shape: { kind: 'object', nullable: false, additionalProperties: true, properties: [], annotations: { pii: false, examples: [{ location: place }] } } }] }));
    const cache = new Map<string, string>();
    await generate(withExample('Paris'), { cache });
    const berlin = withExample('Berlin');
    const files = await generate(berlin, { cache });
    expect(files).toEqual(await fresh(berlin));
    expect(files.find((f) => f.path === 'schemas/user_created.schema.json')?.contents).toContain('"location": "Berlin"');
  });
});

describe('what a one-event edit rewrites', () => {
  const dir = join(TMP, 'out');

  it("rewrites that event's schema and the five files that gather every event; every other file keeps its bytes", async () => {
    const taxonomy = load('taxonomy/flokit.yaml');
    writeFiles(dir, await generate(taxonomy));
    const before = readFileSync(join(dir, 'schemas/trial_started.schema.json'), 'utf8');
    const edited = editEvent(taxonomy, taxonomy.events.findIndex((e) => e.name === 'paywall_viewed'), (e) => ({ ...e, description: 'Edited.' }));
    const report = writeFiles(dir, await generate(edited));
    const gathering = ['batch.schema.json', 'client.ts', 'event.schema.json', 'types.ts', 'validators.ts'];
    expect([...report.written].sort()).toEqual(['schemas/paywall_viewed.schema.json', ...gathering].sort());
    expect(readFileSync(join(dir, 'schemas/trial_started.schema.json'), 'utf8')).toBe(before);
  });

  it("names the event and the hash of what it is made from in an event schema's header, and the taxonomy's hash elsewhere", async () => {
    const taxonomy = load('taxonomy/flokit.yaml');
    const files = new Map((await fresh(taxonomy)).map((f) => [f.path, f.contents]));
    const comment = (file: string): string => (JSON.parse(files.get(file) ?? '{}') as { $comment: string }).$comment;
    expect(comment('schemas/paywall_viewed.schema.json')).toMatch(/^Generated by flokit-gen \S+ from event paywall_viewed of taxonomy flokit 1\.0\.0 \(sha256:[0-9a-f]{16}\)\. Do not edit/);
    const whole = /^Generated by flokit-gen \S+ from taxonomy flokit 1\.0\.0 \(sha256:([0-9a-f]{16})\)\. Do not edit/;
    const hash = whole.exec(comment('event.schema.json'))?.[1];
    expect(hash).toBeDefined();
    expect(files.get('types.ts')?.split('\n')[0]).toBe(`// ${comment('event.schema.json')}`);
    expect(comment('schemas/paywall_viewed.schema.json')).not.toContain(hash);
    // runtime/ and index.ts: the name and version's hash, unchanged by any edit of the content.
    const fixed = files.get('runtime/client.ts')?.split('\n')[0] ?? '';
    expect(fixed).toMatch(/^\/\/ Generated by flokit-gen \S+ from taxonomy flokit 1\.0\.0 \(sha256:[0-9a-f]{16}\)/);
    expect(fixed).not.toContain(hash);
    expect(files.get('index.ts')?.split('\n')[0]).toBe(fixed);
  });
});

describe('the cache the CLI keeps in node_modules/.cache/flokit-gen/', () => {
  const file = (cwd: string): string => join(cwd, 'node_modules/.cache/flokit-gen/artefacts.json');

  it('round-trips, and is written only in a project with node_modules/', async () => {
    const cache = new Map<string, string>();
    await generate(load('taxonomy/flokit.yaml'), { cache });
    const bare = join(TMP, 'bare');
    mkdirSync(bare, { recursive: true });
    writeCache(bare, cache);
    expect(readdirSync(bare)).toEqual([]);
    const project = join(TMP, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    writeCache(project, cache);
    expect(readCache(project)).toEqual(cache);
  });

  it('treats a damaged validator entry as a miss', async () => {
    const taxonomy = load('taxonomy/flokit.yaml');
    const cache = new Map<string, string>();
    const expected = await generate(taxonomy, { cache });
    for (const key of cache.keys()) if (key.startsWith('validators:')) cache.set(key, `{"patterns":\n${cache.get(key) ?? ''}`);
    expect(await generate(taxonomy, { cache })).toEqual(expected);
  });

  it('is ignored when other generator code wrote it, or it does not parse', () => {
    const project = join(TMP, 'foreign');
    mkdirSync(join(project, 'node_modules/.cache/flokit-gen'), { recursive: true });
    writeFileSync(file(project), JSON.stringify({ generator: '0.0.1+0000000000000000', entries: { key: 'stale text' } }));
    expect(readCache(project)).toEqual(new Map());
    writeFileSync(file(project), '{"generator":');
    expect(readCache(project)).toEqual(new Map());
    expect(readCache(join(TMP, 'nowhere'))).toEqual(new Map());
  });
});
