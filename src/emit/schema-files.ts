// IR → the text of every JSON Schema file: one per event, event.schema.json and batch.schema.json.
// Each event's schema is serialised once and cached by its content hash (hashes.ts); the two schemas
// that gather every event are put together from those texts rather than serialised again, because
// JSON.stringify's indented output nests: a value's text at depth d is its own text with d levels
// more indentation after each line break. The files carry their header as `$comment`, right after
// `$schema` and `$id`. In: the IR, its hashes, the cache. Out: texts, events in taxonomy order.
import type { Taxonomy } from '../model/ir.js';
import { headerText } from './header.js';
import type { ContentHashes } from './hashes.js';
import { anyEventDefs, anyEventEnvelope, BATCH_DEF, batchEnvelope, eventSchema, type SchemaObject } from './json-schema.js';
import type { Reuse } from './reuse.js';

export interface SchemaTexts {
  /** `schemas/<event>.schema.json`, in taxonomy order. */
  readonly events: readonly string[];
  readonly any: string;
  readonly batch: string;
}

export function schemaTexts(taxonomy: Taxonomy, hashes: ContentHashes, reuse: Reuse): SchemaTexts {
  const bodies = taxonomy.events.map((event, i) => reuse.take(`schema:${hashes.events[i] ?? ''}`, () => stringify(eventSchema(taxonomy, event))));
  const header = headerText(taxonomy, hashes.taxonomy);
  const any = withDefs(stringify(anyEventEnvelope(taxonomy)), anyEventDefs(taxonomy).map((key, i) => [key, bodies[i] as string]));
  return {
    events: taxonomy.events.map((event, i) => file(bodies[i] as string, headerText(taxonomy, hashes.eventFiles[i] ?? '', event))),
    any: file(any, header),
    batch: file(withDefs(stringify(batchEnvelope(taxonomy)), [[BATCH_DEF, any]]), header),
  };
}

function stringify(schema: SchemaObject): string {
  return JSON.stringify(schema, null, 2);
}

/** `envelope` (an object's indented JSON) with `$defs` added as its last key, holding `defs`' texts. */
function withDefs(envelope: string, defs: readonly (readonly [string, string])[]): string {
  const entries = defs.map(([key, text]) => `\n    ${JSON.stringify(key)}: ${text.replaceAll('\n', '\n    ')}`);
  return `${envelope.slice(0, -2)},\n  "$defs": {${entries.length === 0 ? '}' : `${entries.join(',')}\n  }`}\n}`;
}

/** The file: the schema with its header as `$comment` after `$schema` and `$id` (its first two keys). */
function file(schema: string, header: string): string {
  const afterId = schema.indexOf('\n', schema.indexOf('\n  "$id": ') + 1) + 1;
  return `${schema.slice(0, afterId)}  "$comment": ${JSON.stringify(header)},\n${schema.slice(afterId)}\n`;
}
