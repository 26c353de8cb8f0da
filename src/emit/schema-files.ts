// IR → every JSON Schema file: one per event, event.schema.json and batch.schema.json, each with
// its header as `$comment`, right after `$schema` and `$id`. Serialised once each: the two files
// that gather every event hold the events' schemas, and their texts are put together from the
// events' texts rather than serialised again, because JSON.stringify's indented output nests (a
// value's text at depth d is its own text with d levels more indentation after each line break).
// In: the IR and its hashes. Out: the schema files, events in taxonomy order.
import type { Taxonomy } from '../model/ir.js';
import type { GeneratedFile } from './file.js';
import type { ContentHashes } from './hashes.js';
import { headerText } from './header.js';
import { anyEventDefs, anyEventEnvelope, BATCH_DEF, batchEnvelope, eventSchema, type SchemaObject } from './json-schema.js';

export function schemaFiles(taxonomy: Taxonomy, hashes: ContentHashes): GeneratedFile[] {
  const bodies = taxonomy.events.map((event) => stringify(eventSchema(taxonomy, event)));
  const header = headerText(taxonomy, hashes.taxonomy);
  const any = withDefs(stringify(anyEventEnvelope(taxonomy)), anyEventDefs(taxonomy).map((key, i) => [key, bodies[i] as string]));
  return [
    ...taxonomy.events.map((event, i) => ({ path: `schemas/${event.names.fileStem}.schema.json`, contents: file(bodies[i] as string, headerText(taxonomy, hashes.eventFiles[i] ?? '', event)) })),
    { path: 'event.schema.json', contents: file(any, header) },
    { path: 'batch.schema.json', contents: file(withDefs(stringify(batchEnvelope(taxonomy)), [[BATCH_DEF, any]]), header) },
  ];
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
