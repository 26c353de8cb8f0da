// IR → every JSON Schema file: one per event, event.schema.json and batch.schema.json, each with
// its header as `$comment`, right after `$schema` and `$id`. Serialised once each: the two files
// that gather every event hold the events' schemas, and their texts are put together from the
// events' texts rather than serialised again, because JSON.stringify's indented output nests (a
// value's text at depth d is its own text with d levels more indentation after each line break).
// With a memo (watch), an event's schema text is kept by its content hash.
// In: the IR, its hashes, a memo or none. Out: the schema files, events in taxonomy order.
import type { Taxonomy } from '../model/ir.js';
import { fileOfParts, type GeneratedFile } from './file.js';
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
  // The two gathering files are megabytes at 1,000 events: they are left in parts (the header goes
  // into the small envelope first), never joined unless someone reads them whole (file.ts).
  const any = withDefs(withComment(anyEnvelope, header), keys.map((key, i) => [key, [texts[i]?.inAny ?? '']]), 0);
  const anyInBatch = withDefs(indented(anyEnvelope, 4), keys.map((key, i) => [key, [texts[i]?.inBatch ?? '']]), 4);
  return [
    ...taxonomy.events.map((event, i) => ({ path: `schemas/${event.names.fileStem}.schema.json`, contents: texts[i]?.file ?? '' })),
    fileOfParts('event.schema.json', [...any, '\n']),
    fileOfParts('batch.schema.json', [...withDefs(withComment(stringify(batchEnvelope(taxonomy)), header), [[BATCH_DEF, anyInBatch]], 0), '\n']),
  ];
}

function stringify(schema: SchemaObject): string {
  return JSON.stringify(schema, null, 2);
}

/**
 * JSON text as it reads `spaces` deeper: JSON.stringify's indentation nests. split + join gives one
 * flat string; replaceAll gave a tree of pieces that every join walked again (bench/README.md).
 */
function indented(text: string, spaces: number): string {
  return text.split('\n').join(`\n${' '.repeat(spaces)}`);
}

/**
 * The parts of `envelope` (an object's indented JSON, itself `depth` spaces deep) with `$defs` added
 * as its last key, holding `defs`' texts (in parts), each already indented to sit at `depth + 4`.
 */
function withDefs(envelope: string, defs: readonly (readonly [string, readonly string[]])[], depth: number): string[] {
  const at = ' '.repeat(depth);
  const parts = [`${envelope.slice(0, -(2 + depth))},\n${at}  "$defs": {`];
  defs.forEach(([key, text], i) => parts.push(`${i === 0 ? '' : ','}\n${at}    ${JSON.stringify(key)}: `, ...text));
  parts.push(defs.length === 0 ? `}\n${at}}` : `\n${at}  }\n${at}}`);
  return parts;
}

/** The schema with its header as `$comment` after `$schema` and `$id` (its first two keys), then `end`. */
function withComment(schema: string, header: string, end = ''): string {
  const afterId = schema.indexOf('\n', schema.indexOf('\n  "$id": ') + 1) + 1;
  return [schema.slice(0, afterId), `  "$comment": ${JSON.stringify(header)},\n`, schema.slice(afterId), end].join('');
}

/** An event's file: its schema with the header, and a final newline. */
function file(schema: string, header: string): string {
  return withComment(schema, header, '\n');
}
