// The pure core: IR → every generated file, in memory. Reads top to bottom like a recipe: hash the
// IR, emit each artefact (types come formatted; each event's pieces come from the artefact cache when
// its hash is unchanged), add headers, sort. Touches no disk (the runtime templates are part of this
// package and loaded once). In: the IR and options. Out: GeneratedFile[] by path.
import { emitClient } from './emit/client.js';
import { contentHashes } from './emit/hashes.js';
import { headerText } from './emit/header.js';
import { Reuse, type ArtefactCache } from './emit/reuse.js';
import { runtimeSources } from './emit/runtime.js';
import { schemaTexts } from './emit/schema-files.js';
import { emitTypes } from './emit/types.js';
import { emitValidators } from './emit/validators.js';
import type { Taxonomy } from './model/ir.js';

export interface GeneratedFile {
  /** Relative to the output directory, with `/` separators. */
  readonly path: string;
  readonly contents: string;
}

export interface GenerateOptions {
  /**
   * Reused artefacts keyed by content hash (see ArtefactCache); give the same map to every run, and
   * only what an edit changed is emitted again. After a run it holds only what that run used.
   * @example const cache = new Map(); await generate(a, { cache }); await generate(b, { cache });
   */
  readonly cache?: ArtefactCache;
}

export async function generate(taxonomy: Taxonomy, options: GenerateOptions = {}): Promise<GeneratedFile[]> {
  const hashes = contentHashes(taxonomy);
  const reuse = new Reuse(options.cache);
  const ts = `// ${headerText(taxonomy, hashes.taxonomy)}\n`;
  const fixed = `// ${headerText(taxonomy, hashes.identity)}\n`; // runtime/ and index.ts: the same for any content
  const schemas = schemaTexts(taxonomy, hashes, reuse);
  const validators = emitValidators(taxonomy, { hashes, reuse });
  // Together: a worker thread compiles the types while this thread emits the client, then helps it.
  const client = emitClient(taxonomy, { hashes, reuse });
  const [types, clientSource] = await Promise.all([emitTypes(taxonomy, { hashes, reuse, helpAfter: client }), client]);
  reuse.prune();
  const files: GeneratedFile[] = [
    ...taxonomy.events.map((e, i) => ({ path: `schemas/${e.names.fileStem}.schema.json`, contents: schemas.events[i] as string })),
    { path: 'event.schema.json', contents: schemas.any },
    { path: 'batch.schema.json', contents: schemas.batch },
    { path: 'validators.ts', contents: ts + validators },
    { path: 'types.ts', contents: ts + '\n' + types },
    { path: 'client.ts', contents: ts + clientSource },
    ...[...runtimeSources()].map(([name, source]) => ({ path: `runtime/${name}`, contents: fixed + source })),
    { path: 'index.ts', contents: `${fixed}export * from './types.js';\nexport * from './validators.js';\nexport * from './client.js';\n` },
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
