// The taxonomy format's own JSON Schema (schema/taxonomy.schema.json), the same file editors use,
// and the keyword tables derived from it. In: the schema file. Out: the schema and its keyword sets.
import { readPackageFile } from '../package-files.js';

type SchemaNode = { readonly properties?: Readonly<Record<string, unknown>> };

interface FormatSchema {
  readonly definitions: Readonly<Record<string, SchemaNode>>;
  readonly [key: string]: unknown;
}

const FORMAT_SCHEMA: FormatSchema = JSON.parse(readPackageFile('schema/taxonomy.schema.json')) as FormatSchema;

/** The built-in property types, in the order the format lists them. */
export const BUILTIN_TYPES = ['string', 'integer', 'number', 'boolean', 'array', 'object'] as const;
export type BuiltinType = (typeof BUILTIN_TYPES)[number];

function keywordsOf(definition: string): readonly string[] {
  return Object.keys(FORMAT_SCHEMA.definitions[definition]?.properties ?? {});
}

/** Which keywords each property type accepts, read from the schema so the two never drift. */
export const KEYWORDS_BY_TYPE: Readonly<Record<BuiltinType | 'shared', readonly string[]>> = {
  string: keywordsOf('stringProperty'),
  integer: keywordsOf('integerProperty'),
  number: keywordsOf('numberProperty'),
  boolean: keywordsOf('booleanProperty'),
  array: keywordsOf('arrayProperty'),
  object: keywordsOf('objectProperty'),
  shared: keywordsOf('sharedTypeProperty'),
};

export const ALL_PROPERTY_KEYWORDS: ReadonlySet<string> = new Set(Object.values(KEYWORDS_BY_TYPE).flat());
