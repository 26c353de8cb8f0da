// ajv as the tests' reference validator: draft 2020-12, strict (schema and numbers), every error,
// ajv-formats in "full" mode; the settings the generated validators are held to. In: extra ajv
// options. Out: a fresh instance (one per schema set: event schemas embed each other's $ids).
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020, options: { mode: 'full' }) => Ajv2020;

export function oracle(options: Options = {}): Ajv2020 {
  return addFormats(new Ajv2020({ strict: true, strictNumbers: true, allErrors: true, ...options }), { mode: 'full' });
}
