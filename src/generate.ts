// The pure core: IR → every generated file, in memory. Reads top to bottom like a recipe: hash the
// IR (the hashes go into the headers), run each stage, turn the TypeScript into JavaScript when the
// project asks for it, sort by path. Every stage prints its files straight from the IR; none touches
// the disk (the runtime templates are part of this package and read once). A memo (watch) keeps each
// event's pieces between runs. In: the IR and options.
// Out: GeneratedFile[] by path.
import { clientParts } from './emit/client.js';
import { fileOfParts, type GeneratedFile } from './emit/file.js';
import { contentHashes, type ContentHashes } from './emit/hashes.js';
import { headerText } from './emit/header.js';
import { EmitMemo, type EventMemo } from './emit/memo.js';
import { toJavaScript, type JavaScriptModule } from './emit/javascript.js';
import { runtimeSources } from './emit/runtime.js';
import { schemaFiles } from './emit/schema-files.js';
import { typeParts } from './emit/types.js';
import { validatorParts } from './emit/validators.js';
import type { Taxonomy } from './model/ir.js';

export type { GeneratedFile, JavaScriptModule };
export { EmitMemo };

/** One step of generation: the files it makes from the IR and its hashes (and a memo of event pieces, in watch). */
export interface Stage {
  readonly name: string;
  run(taxonomy: Taxonomy, hashes: ContentHashes, pieces?: EventMemo): GeneratedFile[];
}

export interface GenerateOptions {
  /**
   * Pieces of output kept between runs by a long-lived process (watch): after a one-event edit, the
   * other events' pieces are joined from here. The bytes are those of a run without it.
   */
  readonly memo?: EmitMemo;
  /**
   * JavaScript with .d.ts files instead of TypeScript: ES modules or CommonJS.
   * @example generate(taxonomy, { javascript: 'cjs' }) // client.js, client.d.ts, ...
   */
  readonly javascript?: JavaScriptModule;
}

/** The header line of a TypeScript file that gathers every event. */
const tsHeader = (taxonomy: Taxonomy, hashes: ContentHashes): string => `// ${headerText(taxonomy, hashes.taxonomy)}\n`;

/** Every stage generate() runs, in order (the bench times each). */
export const STAGES: readonly Stage[] = [
  { name: 'schemas', run: schemaFiles },
  { name: 'types', run: (taxonomy, hashes, pieces) => [fileOfParts('types.ts', typeParts(taxonomy, pieces, `${tsHeader(taxonomy, hashes)}\n`))] },
  { name: 'validators', run: (taxonomy, hashes, pieces) => [fileOfParts('validators.ts', validatorParts(taxonomy, pieces, tsHeader(taxonomy, hashes)))] },
  { name: 'client', run: (taxonomy, hashes, pieces) => [fileOfParts('client.ts', clientParts(taxonomy, pieces, tsHeader(taxonomy, hashes)))] },
  {
    // runtime/ and index.ts are the same for any content: their header names the taxonomy only.
    name: 'runtime',
    run: (taxonomy, hashes) => {
      const header = `// ${headerText(taxonomy, hashes.identity)}\n`;
      return [
        ...[...runtimeSources()].map(([name, source]) => ({ path: `runtime/${name}`, contents: header + source })),
        { path: 'index.ts', contents: `${header}export * from './types.js';\nexport * from './validators.js';\nexport * from './client.js';\n` },
      ];
    },
  },
];

export function generate(taxonomy: Taxonomy, options: GenerateOptions = {}): GeneratedFile[] {
  const { memo } = options;
  const hashes = contentHashes(taxonomy, memo?.contents);
  const pieces = memo === undefined ? undefined : { memo, eventHashes: hashes.eventFiles };
  const typescript = STAGES.flatMap((stage) => stage.run(taxonomy, hashes, pieces));
  memo?.endRun();
  const files = options.javascript === undefined ? typescript : toJavaScript(typescript, options.javascript);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
