// IR → generated/types.ts, through json-schema-to-typescript run on the emitted JSON Schemas (one
// compile per declaration: it scales linearly where one big `$defs` compile does not). Our names
// are used as they are: each compile declares a placeholder that is then renamed, because the
// library re-cases titles (`_3ds…` → `_3Ds…`, `Über…` → `Uber…`). Shared types become `tsType`
// references, so each is declared once. In: the IR. Out: the source of types.ts.
import { compile, type Options } from 'json-schema-to-typescript';
import { visible } from '../diagnostics.js';
import type { EventDef, Taxonomy } from '../model/ir.js';
import { eventSchema, sharedTypeSchema, type SchemaObject, type SchemaValue } from './json-schema.js';

const PLACEHOLDER = 'FlokitGenDeclaration';

const OPTIONS: Partial<Options> = {
  bannerComment: '',
  format: false,
  additionalProperties: false,
  strictIndexSignatures: true,
  unknownAny: true,
  ignoreMinAndMaxItems: true,
  enableConstEnums: false,
  declareExternallyReferenced: false,
};

export async function emitTypes(taxonomy: Taxonomy): Promise<string> {
  const declarations: string[] = [];
  const types = new Map(taxonomy.types.map((t) => [t.name, t]));
  for (const type of taxonomy.types) declarations.push(await declare(type.typeName, tsSchema(sharedTypeSchema(type, types))));
  for (const event of taxonomy.events) {
    const schema = eventSchema(taxonomy, event);
    const properties = (schema['properties'] as SchemaObject)['properties'] as SchemaObject;
    declarations.push(await declare(event.names.propertiesType, tsSchema({ ...properties, description: `The properties of \`${event.name}\`.` })));
    declarations.push(await declare(event.names.eventType, envelope(event, schema)));
  }
  declarations.push(await declare('FloKitEvent', { description: `Any event of the ${taxonomy.name} taxonomy, discriminated by \`event\`.`, anyOf: taxonomy.events.map((e) => ({ tsType: e.names.eventType })) }));
  declarations.push(await declare('EventName', { description: 'The name of every event, as sent on the wire.', enum: taxonomy.events.map((e) => e.name) }));
  declarations.push(
    await declare('FloKitEventMap', {
      description: 'From event name to its wire object.',
      type: 'object',
      properties: Object.fromEntries(taxonomy.events.map((e) => [e.name, { tsType: e.names.eventType }])),
      required: taxonomy.events.map((e) => e.name),
      additionalProperties: false,
    }),
  );
  return declarations.join('\n');
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

/** The parts of a schema that become JSDoc: description (made safe) and deprecation. */
function docs(schema: SchemaObject): SchemaObject {
  const description = typeof schema['description'] === 'string' ? commentText(schema['description']) : undefined;
  return { ...(description === undefined ? {} : { description }), ...(schema['deprecated'] === true ? { deprecated: true } : {}) };
}

/**
 * Text for a JSDoc block: invisible and reordering characters are shown as escapes, so a comment
 * can never disguise the code around it; json-schema-to-typescript itself breaks up `*\/`.
 */
function commentText(text: string): string {
  return text.split(/\r\n?|[\n\u2028\u2029]/).map(visible).join('\n');
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
  const notes = NOTED.filter((k) => schema[k] !== undefined).map((k) => `@${k} ${String(schema[k])}`);
  const text = [docs(schema)['description'], ...notes].filter((t) => t !== undefined).join('\n');
  if (text !== '') out['description'] = commentText(String(text));
  if (schema['deprecated'] === true) out['deprecated'] = true;
  // A closed object with no properties admits only `{}`; TypeScript's `{}` would admit anything.
  const props = schema['properties'];
  if (schema['type'] === 'object' && schema['additionalProperties'] === false && (props === undefined || Object.keys(props as object).length === 0)) {
    return { tsType: 'Record<string, never>', ...(out['description'] === undefined ? {} : { description: out['description'] }) };
  }
  return out;
}

async function declare(name: string, schema: SchemaObject): Promise<string> {
  const source = await compile({ ...schema, title: PLACEHOLDER } as Parameters<typeof compile>[0], PLACEHOLDER, OPTIONS);
  const header = new RegExp(`^export (interface|type) ${PLACEHOLDER}\\b`, 'm');
  if (source.split(PLACEHOLDER).length !== 2 || !header.test(source)) throw new Error(`json-schema-to-typescript declared something unexpected for ${name}`);
  return source.replace(header, `export $1 ${name}`);
}
