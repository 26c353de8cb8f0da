// The pure core: IR → every generated file, in memory. Reads top to bottom like a recipe: emit each
// artefact (types come formatted), add headers, sort. Touches no disk (the runtime templates
// are part of this package and loaded once). In: the IR and options. Out: GeneratedFile[] by path.
import { emitClient } from './emit/client.js';
import { anyEventSchema, batchSchema, eventSchemas, type SchemaObject } from './emit/json-schema.js';
import { headerText } from './emit/header.js';
import { runtimeSources } from './emit/runtime.js';
import { emitTypes, type ArtefactCache } from './emit/types.js';
import { emitValidators } from './emit/validators.js';
import type { Taxonomy } from './model/ir.js';

export interface GeneratedFile {
  /** Relative to the output directory, with `/` separators. */
  readonly path: string;
  readonly contents: string;
}

export interface GenerateOptions {
  /**
   * Reused artefacts keyed by content hash (see ArtefactCache); give the same map to every run.
   * @example const cache = new Map(); await generate(a, { cache }); await generate(b, { cache });
   */
  readonly cache?: ArtefactCache;
}

export async function generate(taxonomy: Taxonomy, options: GenerateOptions = {}): Promise<GeneratedFile[]> {
  const header = headerText(taxonomy); // hashes the whole taxonomy: once, not per file
  const ts = `// ${header}\n`;
  const schemas = eventSchemas(taxonomy);
  const any = anyEventSchema(taxonomy, schemas);
  const validators = emitValidators(taxonomy);
  // Together: a worker thread compiles the types while this thread emits the client, then helps it.
  const client = emitClient(taxonomy);
  const [types, clientSource] = await Promise.all([emitTypes(taxonomy, options.cache, schemas, client), client]);
  const files: GeneratedFile[] = [
    ...taxonomy.events.map((e, i) => json(`schemas/${e.names.fileStem}.schema.json`, schemas[i] as SchemaObject, header)),
    json('event.schema.json', any, header),
    json('batch.schema.json', batchSchema(taxonomy, any), header),
    { path: 'validators.ts', contents: ts + validators },
    { path: 'types.ts', contents: ts + '\n' + types },
    { path: 'client.ts', contents: ts + clientSource },
    ...[...runtimeSources()].map(([name, source]) => ({ path: `runtime/${name}`, contents: ts + source })),
    { path: 'index.ts', contents: `${ts}export * from './types.js';\nexport * from './validators.js';\nexport * from './client.js';\n` },
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** JSON Schemas carry the header as `$comment`, right after `$schema` and `$id`. */
function json(path: string, schema: SchemaObject, header: string): GeneratedFile {
  const { $schema, $id, ...rest } = schema;
  return { path, contents: JSON.stringify({ $schema, $id, $comment: header, ...rest }, null, 2) + '\n' };
}
