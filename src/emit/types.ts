// IR → generated/types.ts, through json-schema-to-typescript run on the emitted JSON Schemas, one
// declaration per event's properties, per event's wire object and per shared type (declare.ts
// compiles them a few dozen per call, type-pool.ts on two threads). Our names are used as they are
// (the library would re-case `_3ds…` → `_3Ds…`, `Über…` → `Uber…`). Shared types become `tsType`
// references, so each is declared once. Each declaration is formatted (as prettier formats it, see
// format.ts) and cached: an event's two by the event's content hash (hashes.ts), the others by the
// hash of their input, so a regeneration recompiles only what changed.
// In: the IR and the artefact cache. Out: the source of types.ts.
import { createHash } from 'node:crypto';
import type { EventDef, Taxonomy } from '../model/ir.js';
import { commentText } from './comment.js';
import type { NamedSchema } from './declare.js';
import { contentHashes, type ContentHashes } from './hashes.js';
import { eventSchema, sharedTypeSchema, type SchemaObject, type SchemaValue } from './json-schema.js';
import { Reuse, type ReuseOptions } from './reuse.js';
import { declareFormatted } from './type-pool.js';

export interface TypesOptions extends ReuseOptions {
  /** Other work of this thread to finish before it helps the type worker (see type-pool.ts). */
  readonly helpAfter?: Promise<unknown>;
}

/** Declarations cached together: a shared type's, an event's two, or one that gathers every event. */
interface Unit {
  readonly key: string;
  readonly declarations: () => NamedSchema[];
}

export async function emitTypes(taxonomy: Taxonomy, options: TypesOptions = {}): Promise<string> {
  const reuse = options.reuse ?? new Reuse();
  const all = units(taxonomy, options.hashes ?? contentHashes(taxonomy));
  const texts = all.map((unit) => reuse.get(unit.key));
  const missing = all.flatMap((unit, i) => (texts[i] === undefined ? [{ i, declarations: unit.declarations() }] : []));
  const formatted = await declareFormatted(missing.flatMap((m) => m.declarations), options.helpAfter);
  let next = 0;
  for (const { i, declarations } of missing) {
    texts[i] = reuse.set((all[i] as Unit).key, formatted.slice(next, next + declarations.length).join('\n'));
    next += declarations.length;
  }
  return texts.join('\n');
}

/** Every declaration of types.ts, in order: shared types, then per event its properties and wire object, then the unions and the map. */
export function typeDeclarations(taxonomy: Taxonomy): NamedSchema[] {
  return units(taxonomy, contentHashes(taxonomy)).flatMap((unit) => unit.declarations());
}

function units(taxonomy: Taxonomy, hashes: ContentHashes): Unit[] {
  const types = new Map(taxonomy.types.map((t) => [t.name, t]));
  const eager = (declaration: NamedSchema): Unit => ({
    key: `types:${FORMAT_VERSION}:${createHash('sha256').update(`${declaration.name}\0${JSON.stringify(declaration.schema)}`).digest('base64url')}`,
    declarations: () => [declaration],
  });
  return [
    ...taxonomy.types.map((type) => eager({ name: type.typeName, schema: tsSchema(sharedTypeSchema(type, types)) })),
    // An event's declarations follow from what its hash covers: built only when not cached.
    ...taxonomy.events.map((event, i) => ({ key: `types:${FORMAT_VERSION}:event:${hashes.events[i] ?? ''}`, declarations: () => eventDeclarations(taxonomy, event) })),
    eager({ name: 'FloKitEvent', schema: { description: `Any event of the ${taxonomy.name} taxonomy, discriminated by \`event\`.`, anyOf: taxonomy.events.map((e) => ({ tsType: e.names.eventType })) } }),
    eager({ name: 'EventName', schema: { description: 'The name of every event, as sent on the wire.', enum: taxonomy.events.map((e) => e.name) } }),
    eager({
      name: 'FloKitEventMap',
      schema: {
        description: 'From event name to its wire object.',
        type: 'object',
        properties: Object.fromEntries(taxonomy.events.map((e) => [e.name, { tsType: e.names.eventType }])),
        required: taxonomy.events.map((e) => e.name),
        additionalProperties: false,
      },
    }),
  ];
}

function eventDeclarations(taxonomy: Taxonomy, event: EventDef): NamedSchema[] {
  const schema = eventSchema(taxonomy, event);
  const properties = (schema['properties'] as SchemaObject)['properties'] as SchemaObject;
  return [
    { name: event.names.propertiesType, schema: tsSchema({ ...properties, description: `The properties of \`${event.name}\`.` }) },
    { name: event.names.eventType, schema: envelope(event, schema) },
  ];
}

// Bump when the declaration pipeline or the formatter configuration changes, to drop old entries.
const FORMAT_VERSION = 'jstt16-prettier3-babelts-v5';

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
