// Files that ship with the package (package.json, schema/), found from this module whether it runs
// as TypeScript in src/ or compiled in dist/src/. In: a path relative to the package root. Out: text.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOTS = [new URL('../', import.meta.url), new URL('../../', import.meta.url)];

/** The absolute path of a file shipped with the package. */
export function packageFilePath(relative: string): string {
  for (const root of ROOTS) {
    const path = fileURLToPath(new URL(relative, root));
    if (existsSync(path)) return path;
  }
  throw new Error(`flokit-gen is installed incompletely: ${relative} is missing`);
}

export function readPackageFile(relative: string): string {
  return readFileSync(packageFilePath(relative), 'utf8');
}

/** The installed flokit-gen version. */
export const VERSION: string = (JSON.parse(readPackageFile('package.json')) as { version: string }).version;
