// IR → every JSON Schema file: one per event, event.schema.json and batch.schema.json, each with
// its header as `$comment`, right after `$schema` and `$id`. Serialised once each: the two files
// that gather every event hold the events' schemas, and their texts are put together from the
// events' texts rather than serialised again, because JSON.stringify's indented output nests (a
// value's text at depth d is its own text with d levels more indentation after each line break).
// With a memo (watch), an event's schema text is kept by its content hash.
// In: the IR, its hashes, a memo or none. Out: the schema files, events in taxonomy order.
import type { Taxonomy } from '../model/ir.js';
import type { GeneratedFile } from './file.js';
import type { ContentHashes } from './hashes.js';
import { headerText } from './header.js';
import { anyEventDefs, anyEventEnvelope, BATCH_DEF, batchEnvelope, eventSchema, type SchemaObject } from './json-schema.js';
import { eventPiece, type EventMemo } from './memo.js';

export function schemaFiles(taxonomy: Taxonomy, hashes: ContentHashes, pieces?: EventMemo): GeneratedFile[] {
  // The hash covers all an event's schema and header are made from (hashes.ts). Each piece holds the
  // body as it sits in each file that gathers the events, so those files are only joined here.
  const texts = taxonomy.events.map((event, i) =>
    eventPiece(pieces, 'schema', i, () => {
      const body = stringify(eventSchema(taxonomy, event));
      return { file: file(body, headerText(taxonomy, hashes.eventFiles[i] ?? '', event)), inAny: indented(body, 4), inBatch: indented(body, 8) };
    }),
  );
  const header = headerText(taxonomy, hashes.taxonomy);
  const keys = anyEventDefs(taxonomy);
  const anyEnvelope = stringify(anyEventEnvelope(taxonomy));
  const any = withDefs(anyEnvelope, keys.map((key, i) => [key, texts[i]?.inAny ?? '']), 0);
  const anyInBatch = withDefs(indented(anyEnvelope, 4), keys.map((key, i) => [key, texts[i]?.inBatch ?? '']), 4);
  return [
    ...taxonomy.events.map((event, i) => ({ path: `schemas/${event.names.fileStem}.schema.json`, contents: texts[i]?.file ?? '' })),
    { path: 'event.schema.json', contents: file(any, header) },
    { path: 'batch.schema.json', contents: file(withDefs(stringify(batchEnvelope(taxonomy)), [[BATCH_DEF, anyInBatch]], 0), header) },
  ];
}

function stringify(schema: SchemaObject): string {
  return JSON.stringify(schema, null, 2);
}

/** JSON text as it reads `spaces` deeper: JSON.stringify's indentation nests. */
function indented(text: string, spaces: number): string {
  return text.replaceAll('\n', `\n${' '.repeat(spaces)}`);
}

/**
 * `envelope` (an object's indented JSON, itself `depth` spaces deep) with `$defs` added as its last
 * key, holding `defs`' texts, each already indented to sit at `depth + 4`.
 */
function withDefs(envelope: string, defs: readonly (readonly [string, string])[], depth: number): string {
  const at = ' '.repeat(depth);
  const entries = defs.map(([key, text]) => `\n${at}    ${JSON.stringify(key)}: ${text}`);
  return `${envelope.slice(0, -(2 + depth))},\n${at}  "$defs": {${entries.length === 0 ? '}' : `${entries.join(',')}\n${at}  }`}\n${at}}`;
}
/** The file: the schema with its header as `$comment` after `$schema` and `$id` (its first two keys). */
function file(schema: string, header: string): string {
  const afterId = schema.indexOf('\n', schema.indexOf('\n  "$id": ') + 1) + 1;
  return `${schema.slice(0, afterId)}  "$comment": ${JSON.stringify(header)},\n${schema.slice(afterId)}\n`;
}
