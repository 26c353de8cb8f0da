// Files that ship with the package (package.json, schema/), found from this module whether it runs
// as TypeScript in src/ or compiled in dist/src/. In: a path relative to the package root. Out: text.
import { readFileSync } from 'node:fs';

const ROOTS = [new URL('../', import.meta.url), new URL('../../', import.meta.url)];

export function readPackageFile(relative: string): string {
  for (const root of ROOTS) {
    try {
      return readFileSync(new URL(relative, root), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`flokit-gen is installed incompletely: ${relative} is missing`);
}

/** The installed flokit-gen version. */
export const VERSION: string = (JSON.parse(readPackageFile('package.json')) as { version: string }).version;
