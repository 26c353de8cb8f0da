// Re-parsing only the edited event (src/load/reparse.ts) must give exactly what parsing the whole new
// text gives: the data with its key order, the data as written, every node's position, the poisoned
// nodes. Random edits of real taxonomies (characters that matter to YAML inserted, ranges deleted,
// lines re-indented, events renamed, added or split) are checked against a full parse; whenever the
// fast path answers, the full parse must be clean and equal. Counters assert that the fast path does
// answer for the edits it is for, so a reparser that always gives up cannot pass. Chains of edits
// feed each result into the next, as `watch` does, and loadTaxonomy with a cache agrees with a cold load.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../src/index.js';
import { DEFAULT_LIMITS, type ParsedFile } from '../src/load/index.js';
import { parseEntry, parseYamlFile } from '../src/load/parse-yaml.js';
import { reparseEdit as reparseInPlace } from '../src/load/reparse.js';

const CORPUS = ['test/fixtures/corpus/ecommerce/taxonomy.yaml'];
const SOURCES = ['taxonomy/flokit.yaml', 'test/fixtures/valid/hostile-names/taxonomy.yaml', 'test/fixtures/valid/nested-objects/taxonomy.yaml', ...CORPUS];
const TEXTS = SOURCES.map((path) => readFileSync(path, 'utf8'));

/**
 * reparseEdit takes the previous parse's node map over (the loader's cache drops that parse): these
 * tests give it a copy, so that one previous parse serves many edits and can be compared after.
 */
function reparseEdit(previous: ParsedFile, before: string, after: string, limits: typeof DEFAULT_LIMITS): ParsedFile | undefined {
  return reparseInPlace({ ...previous, nodes: new Map(previous.nodes) }, before, after, limits);
}

function parse(text: string): ParsedFile | undefined {
  const result = parseYamlFile('t.yaml', text, DEFAULT_LIMITS);
  return result.diagnostics.length === 0 ? result.parsed : undefined;
}

/** Everything a parse tells later stages, in a form where key order counts. */
function view(file: ParsedFile): unknown {
  return { value: JSON.stringify(file.value), original: JSON.stringify(file.original), nodes: [...file.nodes].sort(([a], [b]) => (a < b ? -1 : 1)), poisoned: file.poisoned };
}

/** Line starts of the events' keys (indented two spaces) in a text. */
function eventLines(text: string): number[] {
  const offsets: number[] = [];
  const events = text.indexOf('\nevents:\n');
  for (const m of text.matchAll(/^ {2}[^\s#-][^:\n]*:/gm)) if (m.index > events) offsets.push(m.index);
  return offsets;
}

type Edit = (text: string) => string;

const YAML_BITS = [':', ': ', '-', ' ', '  ', '\n', '\n  ', '\n    ', '#', "'", '"', '{', '}', '[', ']', '|', '>', '&a ', '*a', '!x ', '%', '---', '...', '\t', 'x', 'é', '9', '1e400', 'null', '<<: '];

/** Edits anywhere, mostly meaningless: the fast path must give up on all it cannot prove. */
const anywhere: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.constantFrom(...YAML_BITS), { minLength: 1, maxLength: 4 })).map(([at, bits]): Edit => (t) => {
    const i = Math.floor(at * t.length);
    return t.slice(0, i) + bits.join('') + t.slice(i);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(([at, n]): Edit => (t) => {
    const i = Math.floor(at * t.length);
    return t.slice(0, i) + t.slice(i + n);
  }),
  // Where one entry's lines end and the next key's begin: at the start of an event's or a top-level
  // key's line, or over the line break before it.
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.constantFrom('', '#', ' ', '  ', 'x', '\n', '\n\n', '    z: 1\n')).map(([at, join, bits]): Edit => (t) => {
    const keyLines = [...t.matchAll(/\n(?= {0,2}[^\s#])/g)].map((m) => m.index + 1);
    const i = keyLines[Math.floor(at * keyLines.length)] ?? 0;
    return join ? t.slice(0, i - 1) + bits + t.slice(i) : t.slice(0, i) + bits + t.slice(i);
  }),
);

/** Edits inside one event, as people make them: most must take the fast path. */
const inEvent: fc.Arbitrary<Edit> = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 6 }), fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', ',', 'é', '🎉'), maxLength: 12 }))
  .map(([at, kind, words]): Edit => (t) => {
    const lines = eventLines(t);
    const start = lines[Math.floor(at * lines.length)] ?? 0;
    const lineEnd = t.indexOf('\n', start);
    const body = t.indexOf('\n', lineEnd + 1); // the end of the entry's first inner line
    switch (kind) {
      case 0: // a description added or replaced
        return `${t.slice(0, lineEnd + 1)}    description: Edited${words}.\n${t.slice(lineEnd + 1).replace(/^ {4}description:.*\n/, '')}`;
      case 1: // a property line added (the first inner key becomes a sibling)
        return `${t.slice(0, lineEnd + 1)}    tags: [edited]\n${t.slice(lineEnd + 1).replace(/^ {4}tags:.*\n/, '')}`;
      case 2: // text appended to the entry's first inner line
        return `${t.slice(0, body)}${words}${t.slice(body)}`;
      case 3: // the entry's first inner line removed
        return t.slice(0, lineEnd + 1) + t.slice(body + 1);
      case 4: // a comment and blank lines inside
        return `${t.slice(0, lineEnd + 1)}    # note${words}\n\n${t.slice(lineEnd + 1)}`;
      case 5: // the event renamed (falls back: the duplicate check is across entries)
        return `${t.slice(0, start)}  renamed_${Math.floor(at * 1000)}${t.slice(t.indexOf(':', start))}`;
      default: // a new event inserted before it (two entries: falls back)
        return `${t.slice(0, start)}  added_event:\n    description: Added.\n${t.slice(start)}`;
    }
  });

function check(before: string, after: string, previous: ParsedFile, stats: { fast: number; full: number }): ParsedFile | undefined {
  const fast = reparseEdit(previous, before, after, DEFAULT_LIMITS);
  const full = parse(after);
  if (fast === undefined) {
    stats.full++;
    return full;
  }
  stats.fast++;
  expect(full, 'the fast path answered for text a full parse rejects').toBeDefined();
  expect(view(fast)).toEqual(view(full as ParsedFile));
  return fast;
}

/** 100 single edits of source `i`'s text, each checked against a full parse: how often the fast path answered. */
function edits(i: number, edit: fc.Arbitrary<Edit>, seed: number): { fast: number; full: number } {
  const text = TEXTS[i] as string;
  const previous = parse(text) as ParsedFile;
  const stats = { fast: 0, full: 0 };
  fc.assert(
    fc.property(edit, (e) => {
      check(text, e(text), previous, stats);
    }),
    { numRuns: 100, seed },
  );
  return stats;
}

describe('re-parsing one edited event', () => {
  it.each(SOURCES.map((path, i) => [path, i] as const))('%s: random edits anywhere give the full parse or give up', (_, i) => {
    const stats = edits(i, anywhere, 20261127 + i);
    // Most give up; the rest were answered by the fast path and compared with the full parse (5-15 here).
    expect(stats.fast).toBeGreaterThan(0);
  });

  it.each(SOURCES.map((path, i) => [path, i] as const))('%s: edits inside one event take the fast path and equal the full parse', (_, i) => {
    const stats = edits(i, inEvent, 4242 + i);
    // Kinds 0-4 of 7 are local (2 and 3 break multi-line descriptions, which the full parse reports);
    // renames and added events are not.
    expect(stats.fast).toBeGreaterThan(33);
    expect(stats.full).toBeGreaterThan(13);
  });

  it('chains of edits, each re-parsed from the last result, stay equal to a full parse', () => {
    const stats = { fast: 0, full: 0 };
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: inEvent }, { weight: 1, arbitrary: anywhere }), { minLength: 5, maxLength: 15 }), (edits) => {
        let text = TEXTS[0] as string;
        let previous = parse(text) as ParsedFile;
        for (const edit of edits) {
          const next = edit(text);
          const result = check(text, next, previous, stats);
          // A broken text is undone, as its author would; watch parses the whole file after one.
          if (result !== undefined) [text, previous] = [next, result];
        }
      }),
      { numRuns: 25, seed: 777 },
    );
    expect(stats.fast).toBeGreaterThan(60);
  });

  it('keeps positions after the event moved by the lines the edit added', () => {
    const text = TEXTS[0] as string;
    const previous = parse(text) as ParsedFile;
    const at = text.indexOf('\n  paywall_viewed:\n') + 1;
    const lineEnd = text.indexOf('\n', at);
    const after = `${text.slice(0, lineEnd + 1)}    # one\n    # two\n${text.slice(lineEnd + 1)}`;
    const fast = reparseEdit(previous, text, after, DEFAULT_LIMITS) as ParsedFile;
    expect(fast).toBeDefined();
    expect(fast.nodes.get('/events/refund_issued')?.key?.line).toBe((previous.nodes.get('/events/refund_issued')?.key?.line ?? 0) + 2);
    expect(fast.nodes.get('/events/user_created')?.key).toEqual(previous.nodes.get('/events/user_created')?.key);
  });
});

describe('edits that parse alone but mean something else in the file', () => {
  const text = TEXTS[0] as string;
  const previous = parse(text) as ParsedFile;
  const at = text.indexOf('\n  trial_started:\n') + 1;

  it('a re-indented event key, which the file nests into the event above it: falls back', () => {
    const lineEnd = text.indexOf('\n', at);
    const nextKey = text.slice(lineEnd + 1).search(/^ {2}\S/m);
    const next = nextKey === -1 ? text.length : lineEnd + 1 + nextKey;
    const entry = text.slice(at, next);
    const indented = entry.replace(/^(?=.)/gm, '  ');
    const after = text.slice(0, at) + indented + text.slice(next);
    // Alone it parses, as the root's one entry...
    expect(parseEntry('t.yaml', indented, 1, '/events', 1, DEFAULT_LIMITS)?.key).toBe('trial_started');
    // ...but in the file it belongs to the event above it.
    const events = (parse(after) as ParsedFile).original as { events: Record<string, Record<string, unknown>> };
    expect(Object.hasOwn(events.events, 'trial_started')).toBe(false);
    expect(Object.values(events.events).some((e) => Object.hasOwn(e, 'trial_started'))).toBe(true);
    expect(reparseEdit(previous, text, after, DEFAULT_LIMITS)).toBeUndefined();
  });

  // Found by review: each was taken for an edit of the event above, and parsed alone, it was clean.
  const SMALL = 'taxonomy: t\nversion: 1.0.0\nevents:\n  a:\n    x: 1\n  b:\n    y: 2\ntypes:\n  t: string\n';
  const KEEP = 'taxonomy: t\nversion: 1.0.0\nevents:\n  a:\n    description: |+\n      hello\n\n  "2":\n    y: 2\n';
  it.each([
    ['the next event key commented out (its lines join the event above)', SMALL, (t: string) => t.replace('  b:', '#  b:')],
    ['the last line joined with the next event key', SMALL, (t: string) => t.replace('x: 1\n', 'x: 1')],
    ['the next top-level key indented', SMALL, (t: string) => t.replace('types:', ' types:')],
    ['the next top-level key commented out', SMALL, (t: string) => t.replace('types:', '#types:')],
    ['the same edits with CRLF line ends', SMALL.replaceAll('\n', '\r\n'), (t: string) => t.replace('x: 1\r\n', 'x: 1')],
    ['a blank line before an event listed first (an integer name), which the event above keeps (|+)', KEEP, (t: string) => t.replace('\n  "2":', '\n\n  "2":')],
  ])('%s: the result is the full parse, or none', (_, base, edit) => {
    const previous = parse(base) as ParsedFile;
    expect(previous).toBeDefined();
    const after = edit(base);
    expect(after).not.toBe(base);
    check(base, after, previous, { fast: 0, full: 0 });
  });

  it('a previous parse with a node the parser reported: falls back, so the report is not lost', () => {
    const lineEnd = text.indexOf('\n', text.indexOf('\n  user_created:\n') + 1);
    const poisoned = `${text.slice(0, lineEnd + 1)}    note: *nowhere\n${text.slice(lineEnd + 1)}`;
    const result = parseYamlFile('t.yaml', poisoned, DEFAULT_LIMITS).parsed as ParsedFile;
    expect(result.poisoned).toEqual(['/events/user_created/note']);
    const at2 = poisoned.indexOf('\n  trial_started:\n') + 1;
    const edited = `${poisoned.slice(0, at2 + 2)}# moved\n  ${poisoned.slice(at2 + 2)}`;
    expect(reparseEdit(result, poisoned, edited, DEFAULT_LIMITS)).toBeUndefined();
  });

  it("a key that moves down a line within its own lines (the first event's moves the mapping's start): falls back", () => {
    for (const event of ['user_created', 'trial_started']) {
      const at2 = text.indexOf(`\n  ${event}:\n`) + 1;
      // Inside the key's line, so that it is this event's lines that changed, not the one above's.
      const edited = `${text.slice(0, at2 + 2)}# moved\n  ${text.slice(at2 + 2)}`;
      expect(parse(edited)).toBeDefined();
      expect(reparseEdit(previous, text, edited, DEFAULT_LIMITS)).toBeUndefined();
    }
  });
});

describe('loadTaxonomy with a cache, after edits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flokit-reparse-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports and builds exactly what a cold load does, good edits and broken ones', () => {
    const file = join(dir, 'taxonomy.yaml');
    const text = TEXTS[0] as string;
    const at = text.indexOf('\n  trial_started:\n') + 1;
    const lineEnd = text.indexOf('\n', at);
    const userCreated = text.indexOf('\n', text.indexOf('\n  user_created:\n') + 1) + 1;
    const duplicate = `${text.slice(0, userCreated)}    identity: user_id\n    identity: either\n${text.slice(userCreated)}`;
    const dupAt = duplicate.indexOf('\n', duplicate.indexOf('\n  trial_started:\n') + 1) + 1;
    const versions = [
      text,
      duplicate, // a duplicate key, which the parser reports and drops
      `${duplicate.slice(0, dupAt)}    tags: [edited]\n${duplicate.slice(dupAt)}`, // an edit elsewhere must not lose that report
      `${text.slice(0, lineEnd + 1)}    description: Edited.\n${text.slice(lineEnd + 1)}`, // duplicate description key: reported
      `${text.slice(0, lineEnd + 1)}    identity: nobody\n${text.slice(lineEnd + 1)}`, // a value the format refuses
      `${text.slice(0, lineEnd + 1)}    tags: [edited]\n${text.slice(lineEnd + 1)}`,
      `${text.slice(0, lineEnd + 1)}    tags: [edited, again]\n    deprecated: true\n${text.slice(lineEnd + 1)}`,
      text,
    ];
    const cache = new Map();
    for (const version of versions) {
      writeFileSync(file, version);
      const cached = loadTaxonomy(file, { cache });
      const cold = loadTaxonomy(file);
      expect(cached.diagnostics).toEqual(cold.diagnostics);
      expect(JSON.stringify(cached.taxonomy)).toBe(JSON.stringify(cold.taxonomy));
    }
  });
});
