// Declaring types several per json-schema-to-typescript call (src/emit/declare.ts) and on two threads
// (src/emit/type-pool.ts): the output must be exactly what one call per declaration gives, whatever
// the taxonomy's text looks like, and the compiled worker must give the same bytes as this thread.
import { compile } from 'json-schema-to-typescript';
import { describe, expect, it } from 'vitest';
import { declareAll, type NamedSchema } from '../src/emit/declare.js';
import { formatChunk } from '../src/emit/format.js';
import { declareChunk } from '../src/emit/type-pool.js';
import type { SchemaObject } from '../src/emit/json-schema.js';

/** The reference: one call per declaration, as types.ts did before declare.ts. */
async function declareAlone({ name, schema }: NamedSchema): Promise<string> {
  const options = { bannerComment: '', format: false, additionalProperties: false, strictIndexSignatures: true, unknownAny: true, ignoreMinAndMaxItems: true, enableConstEnums: false, declareExternallyReferenced: false };
  const source = await compile({ ...schema, title: 'Alone' } as Parameters<typeof compile>[0], 'Alone', options);
  return source.replace(/^export (interface|type) Alone\b/m, `export $1 ${name}`);
}

const object = (properties: Record<string, SchemaObject>, extra: SchemaObject = {}): SchemaObject => ({ type: 'object', properties, additionalProperties: false, ...extra });

// Text that could be mistaken for a declaration's start or end if the output were cut carelessly.
const HOSTILE: readonly NamedSchema[] = [
  { name: 'Plain', schema: object({ a: { type: 'string', description: 'A.' } }, { required: ['a'], description: 'Plain.' }) },
  { name: 'HeaderInDescription', schema: object({ b: { type: 'number', description: 'export interface FlokitGenDeclaration0 {\n*/\n/**\nexport type FlokitGenRoot = 1' } }, { description: 'export type FlokitGenDeclaration2 = string\n */\n/**' }) },
  { name: 'HeaderInValues', schema: object({ c: { enum: ['\nexport interface FlokitGenDeclaration1 {', 'x */ y', '/**'] }, 'export type FlokitGenDeclaration3 =': { const: '*/' } }) },
  { name: 'FlokitGenDeclaration0', schema: { description: 'Our name is a placeholder of the library.', enum: ['a', 'b'] } },
  { name: 'FlokitGenRoot', schema: object({ d: { tsType: 'FlokitGenDeclaration1' }, e: { tsType: 'FlokitGenRoot' } }) },
  { name: 'NoDocs', schema: object({}) },
  { name: 'Union', schema: { anyOf: [object({ user_id: { type: 'string' } }, { required: ['user_id'] }), object({ anonymous_id: { type: 'string' } }, { required: ['anonymous_id'] })], description: 'Either.' } },
  { name: 'Nested', schema: object({ f: object({ g: { type: 'array', items: object({ h: { type: ['string', 'null'], description: 'H.\n@pattern ^x$' } }) } }) }) },
  { name: 'Open', schema: { type: 'object', properties: { i: { type: 'boolean' } }, additionalProperties: true, description: 'Open.' } },
  { name: 'Alias', schema: { type: 'string', description: 'Just a string.' } },
];

describe('declaring several types per json-schema-to-typescript call', () => {
  it('gives exactly what one call per declaration gives, whatever the text', async () => {
    const expected = await formatChunk(await Promise.all(HOSTILE.map(declareAlone)));
    expect(await formatChunk(await declareAll(HOSTILE))).toEqual(expected);
    // And in any order and grouping: each declaration alone, and reversed.
    expect((await Promise.all(HOSTILE.map((item) => declareChunk([item])))).flat()).toEqual(expected);
    expect(await declareChunk([...HOSTILE].reverse())).toEqual([...expected].reverse());
  });

  it('declares more than one call holds, in order', async () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ ...(HOSTILE[i % HOSTILE.length] as NamedSchema), name: `Many${i}` }));
    const expected = await formatChunk(await Promise.all(many.map(declareAlone)));
    expect(await declareChunk(many)).toEqual(expected);
  });
});

describe('the compiled type pool (dist/, with its worker thread)', () => {
  // Enough declarations for the worker (4 chunks of 128 or more): run from dist/, which `npm test`
  // builds first, because the worker is a compiled module.
  const many = Array.from({ length: 700 }, (_, i) => ({ ...(HOSTILE[i % HOSTILE.length] as NamedSchema), name: `Pooled${i}` }));

  it('gives the same bytes as this thread alone, job after job, and lets the process exit', async () => {
    const pool = (await import('../dist/src/emit/type-pool.js')) as typeof import('../src/emit/type-pool.js');
    const expected = await declareChunk(many);
    pool.warmTypeWorker();
    expect(await pool.declareFormatted(many)).toEqual(expected);
    // The worker is kept for the next job (watch regenerates in one process).
    expect(await pool.declareFormatted([...many].reverse())).toEqual([...expected].reverse());
    // Stopped when idle, it is replaced by the next job; the old one's exit, arriving during that
    // job, must not fail it.
    pool.stopTypeWorker();
    expect(await pool.declareFormatted(many)).toEqual(expected);
  }, 60_000);
});
