// Content hashes of the IR for the generated files' headers. Per event: everything its schema file
// is made from (the event, the shared types it reaches, the taxonomy's name and version,
// flokit-gen's version). For the whole taxonomy: its other fields and the events' hashes; and of its
// name and version alone, for the files made from nothing else. A file changes only when what
// it is made from changes (one edited event rewrites its own schema and the files that gather every
// event, not 1,000 schemas). Source positions are left out: moving a line changes nothing.
// In: the IR. Out: hex hashes.
import { createHash } from 'node:crypto';
import type { EventDef, SharedType, Taxonomy } from '../model/ir.js';
import { reachableTypes } from '../model/reachable-types.js';
import { VERSION } from '../package-files.js';

export interface ContentHashes {
  /** The whole taxonomy's, for the headers of the files that gather every event. */
  readonly taxonomy: string;
  /** Its name and version only, for the files that do not depend on its content (runtime/, index.ts). */
  readonly identity: string;
  /** Per event, in taxonomy order: what its schema file is made from, for that file's header. */
  readonly eventFiles: readonly string[];
}

/**
 * JSON of IR values without their source positions. Examples are the taxonomy's own data, which may
 * hold a `location` key of their own: they are kept as written.
 */
function content(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'examples' ? JSON.stringify(v) : key === 'location' ? undefined : v));
}

function sha256(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** `known`: each event's content from earlier runs, by IR object (watch; see EmitMemo.contents). */
export function contentHashes(taxonomy: Taxonomy, known?: WeakMap<object, string>): ContentHashes {
  const typeContent = new Map<SharedType, string>(taxonomy.types.map((t) => [t, content(t)]));
  const eventContent = (event: EventDef): string => {
    const kept = known?.get(event);
    if (kept !== undefined) return kept;
    const text = content(event);
    known?.set(event, text);
    return text;
  };
  // The version joins each event's hash last (eventFiles), as the headers have always been computed.
  const events = taxonomy.events.map((event) => {
    const used = reachableTypes(event.properties.map((p) => p.shape), taxonomy.types);
    return sha256(VERSION, taxonomy.name, eventContent(event), ...used.map((t) => typeContent.get(t) ?? ''));
  });
  const rest = { name: taxonomy.name, version: taxonomy.version, description: taxonomy.description ?? null, types: [...typeContent.values()] };
  return {
    taxonomy: sha256(VERSION, JSON.stringify(rest), ...events),
    identity: sha256(VERSION, taxonomy.name, taxonomy.version),
    eventFiles: events.map((hash) => sha256(hash, taxonomy.version)),
  };
}
