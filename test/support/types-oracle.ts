// The reference for generated/types.ts: json-schema-to-typescript run on the emitted JSON Schemas
// (reshaped as below: shared types and events' properties become `tsType` references, so each is
// declared once; identity rules become unions), each declaration formatted by prettier with the
// project's configuration. src/emit/types.ts prints the same bytes straight from the IR; the types
// oracle test and the fuzz run compare the two. Slow (a few ms a declaration): tests only.
import { compile, type Options } from 'json-schema-to-typescript';
import * as prettier from 'prettier';
import { commentText } from '../../src/emit/comment.js';
import { eventSchema, sharedTypeSchema, type SchemaObject, type SchemaValue } from '../../src/emit/json-schema.js';
import type { EventDef, Taxonomy } from '../../src/model/ir.js';

export interface NamedSchema {
  readonly name: string;
  readonly schema: SchemaObject;
}

const OPTIONS: Partial<Options> = {
  bannerComment: '',
  format: false,
  additionalProperties: false,
  strictIndexSignatures: true,
  unknownAny: true,
  ignoreMinAndMaxItems: true,
  enableConstEnums: false,
  declareExternallyReferenced: true,
};

export const PRETTIER = { parser: 'typescript', printWidth: 100, singleQuote: true, trailingComma: 'all', semi: true } as const;

/** Every declaration of types.ts, in order: shared types, then per event its properties and wire object, then the unions and the map. */
export function typeDeclarations(taxonomy: Taxonomy): NamedSchema[] {
  const types = new Map(taxonomy.types.map((t) => [t.name, t]));
  return [
    ...taxonomy.types.map((type) => ({ name: type.typeName, schema: tsSchema(sharedTypeSchema(type, types)) })),
    ...taxonomy.events.flatMap((event) => eventDeclarations(taxonomy, event)),
    { name: 'FloKitEvent', schema: { description: `Any event of the ${taxonomy.name} taxonomy, discriminated by \`event\`.`, anyOf: taxonomy.events.map((e) => ({ tsType: e.names.eventType })) } },
    { name: 'EventName', schema: { description: 'The name of every event, as sent on the wire.', enum: taxonomy.events.map((e) => e.name) } },
    {
      name: 'FloKitEventMap',
      schema: {
        description: 'From event name to its wire object.',
        type: 'object',
        properties: Object.fromEntries(taxonomy.events.map((e) => [e.name, { tsType: e.names.eventType }])),
        required: taxonomy.events.map((e) => e.name),
        additionalProperties: false,
      },
    },
  ];
}

/** One declaration as json-schema-to-typescript emits it, formatted by prettier. */
export async function referenceDeclaration({ name, schema }: NamedSchema): Promise<string> {
  // A placeholder title: the library would re-case our names (`_3ds…` → `_3Ds…`, `Über…` → `Uber…`).
  const raw = await compile({ ...schema, title: 'FlokitGenDeclaration' } as Parameters<typeof compile>[0], 'FlokitGenDeclaration', OPTIONS);
  const named = raw
    .replace(/^export (interface|type) FlokitGenDeclaration\b/m, `export $1 ${name}`)
    // Our one deliberate difference (docs/taxonomy.md): a line or paragraph separator, which only a
    // string literal can hold here (comments split lines at them), is escaped, not written raw.
    .replace(/[\u2028\u2029]/g, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
  return prettier.format(named, PRETTIER);
}

/** The body of types.ts (after its header) as the reference makes it. */
export async function referenceTypes(taxonomy: Taxonomy): Promise<string> {
  const declarations = await Promise.all(typeDeclarations(taxonomy).map(referenceDeclaration));
  return declarations.join('\n');
}

function eventDeclarations(taxonomy: Taxonomy, event: EventDef): NamedSchema[] {
  const schema = eventSchema(taxonomy, event);
  const properties = (schema['properties'] as SchemaObject)['properties'] as SchemaObject;
  return [
    { name: event.names.propertiesType, schema: tsSchema({ ...properties, description: `The properties of \`${event.name}\`.` }) },
    { name: event.names.eventType, schema: envelope(event, schema) },
  ];
}
/** The wire object: identity as a type (`either` is a union that needs at least one id). */
function envelope(event: EventDef, schema: SchemaObject): SchemaObject {
  const required = schema['required'] as readonly string[];
  const object = (ids: readonly string[]): SchemaObject => ({
    type: 'object',
    properties: {
      event: { const: event.name },
      user_id: { type: 'string', description: 'The backend user id.' },
      anonymous_id: { type: 'string', description: 'The pre-login device or session id.' },
      timestamp: { type: 'string', description: 'When the event happened: an RFC 3339 date-time.' },
      properties: { tsType: event.names.propertiesType },
    },
    required: [...required, ...ids],
    additionalProperties: false,
  });
  const body = event.identity === 'either' ? { anyOf: [object(['user_id']), object(['anonymous_id'])] } : object([]);
  return { ...body, ...docs(schema) };
}

/**
 * The JSDoc of a schema: its description (made safe) and, when deprecated, an `@deprecated` tag that
 * carries the message. We write the tag ourselves: json-schema-to-typescript drops it on unions.
 */
function docs(schema: SchemaObject): SchemaObject {
  const full = typeof schema['description'] === 'string' ? schema['description'] : undefined;
  if (schema['deprecated'] !== true) return full === undefined ? {} : { description: commentText(full) };
  // json-schema.ts appends the message as a last paragraph, `Deprecated: <message>`.
  const match = full === undefined ? null : /^(?:([\s\S]*)\n\n)?Deprecated: ([\s\S]*)$/.exec(full);
  const text = match === null ? full : match[1];
  // Escape the taxonomy's text, not the tag we add.
  const tag = match === null ? '@deprecated' : `@deprecated ${commentText(match[2] ?? '')}`;
  return { description: text === undefined || text === '' ? tag : `${commentText(text)}\n${tag}` };
}

// Constraints the types cannot express, noted in JSDoc as tags.
const NOTED = ['format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems'] as const;

/** The emitted JSON Schema reshaped for json-schema-to-typescript. */
function tsSchema(node: SchemaValue): SchemaObject {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return {};
  const schema = node as SchemaObject;
  const ref = schema['$ref'];
  if (typeof ref === 'string') return { tsType: decodeURIComponent(ref.replace('#/$defs/', '')), ...docs(schema) };
  const out: Record<string, SchemaValue> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, tsSchema(child)]));
    } else if (key === 'items') out[key] = tsSchema(value);
    else if (key === 'anyOf' && Array.isArray(value)) out[key] = value.map(tsSchema);
    else if (['type', 'enum', 'const', 'required', 'additionalProperties'].includes(key)) out[key] = value;
  }
  // json-schema-to-typescript writes a lone negative literal unparenthesised, so an array of it
  // (`-1.5[]`) does not parse; it keeps the parentheses of a tsType (found by the fuzz test).
  const single = Array.isArray(out['enum']) && out['enum'].length === 1 ? out['enum'][0] : out['const'];
  if (typeof single === 'number' && single < 0) {
    delete out['enum'];
    delete out['const'];
    delete out['type'];
    out['tsType'] = `(${JSON.stringify(single)})`;
  }
  const notes = NOTED.filter((k) => schema[k] !== undefined).map((k) => `@${k} ${commentText(String(schema[k]))}`);
  const text = [docs(schema)['description'], ...notes].filter((t) => t !== undefined).join('\n');
  if (text !== '') out['description'] = text;
  // A closed object with no properties admits only `{}`; TypeScript's `{}` would admit anything.
  // A nullable one is `type: [object, null]` (found by the fuzz test: it was `{} | null`).
  const props = schema['properties'];
  const type = schema['type'];
  const nullable = Array.isArray(type) && type.length === 2 && type.includes('object') && type.includes('null');
  if ((type === 'object' || nullable) && schema['additionalProperties'] === false && (props === undefined || Object.keys(props as object).length === 0)) {
    return { tsType: nullable ? '(Record<string, never> | null)' : 'Record<string, never>', ...(out['description'] === undefined ? {} : { description: out['description'] }) };
  }
  return out;
}
