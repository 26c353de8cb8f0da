// The runtime modules of templates/runtime/: real, type-checked, unit-tested TypeScript copied into
// the output unchanged (after the header). Read once from the package. In: nothing. Out: files.
import { readPackageFile } from '../package-files.js';

/** Every runtime module, by file name. The list is fixed: generated code imports these names. */
export const RUNTIME_MODULES = ['batch.ts', 'client.ts', 'errors.ts', 'events.ts', 'formats.ts', 'keys.ts', 'options.ts', 'queue.ts', 'retry.ts', 'transport.ts', 'validation.ts'] as const;

let cache: ReadonlyMap<string, string> | undefined;

export function runtimeSources(): ReadonlyMap<string, string> {
  cache ??= new Map(RUNTIME_MODULES.map((name) => [name, readPackageFile(`templates/runtime/${name}`)]));
  return cache;
}
