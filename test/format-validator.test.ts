// schema/taxonomy.validate.cjs is ajv's standalone code for schema/taxonomy.schema.json: this proves
// the committed file is exactly what scripts/format-validator.mjs writes from the schema as it is now,
// and that it judges like ajv compiling the schema at run time (on the invalid fixtures' data too,
// through the loader's own tests, which use it).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS, formatValidatorSource, OUTPUT } from '../scripts/format-validator.mjs';

describe('the precompiled format validator', () => {
  it('is what scripts/format-validator.mjs writes from the schema (run `npm run build:format-validator` after editing the schema)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(formatValidatorSource());
  });

  it('gives the errors ajv gives when it compiles the schema at run time', () => {
    const compiled = createRequire(import.meta.url)(OUTPUT) as ValidateFunction;
    const fresh = new Ajv(AJV_OPTIONS).compile(JSON.parse(readFileSync('schema/taxonomy.schema.json', 'utf8')) as object);
    const samples: unknown[] = [
      parse(readFileSync('taxonomy/flokit.yaml', 'utf8')),
      { version: 1, name: 'x', events: { a: { description: 3, properties: { p: { type: 'strin', minLength: -1 } } } } },
      { events: [], types: { t: { type: 'object', properties: { q: { enum: [] } } } }, extra: true },
    ];
    for (const sample of samples) {
      expect(compiled(sample)).toBe(fresh(sample));
      // Errors carry the schema they came from: compare all but that object's identity.
      const strip = (errors: ValidateFunction['errors']): unknown => JSON.parse(JSON.stringify(errors ?? []));
      expect(strip(compiled.errors)).toEqual(strip(fresh.errors));
    }
  });
});
