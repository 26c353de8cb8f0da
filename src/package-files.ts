// Files that ship with the package (package.json, schema/), found from this module whether it runs
// as TypeScript in src/ or compiled in dist/src/. In: a path relative to the package root. Out: text.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

let fingerprint: string | undefined;

/**
 * The version plus a hash of the generator's own code (this module's tree, the runtime templates and
 * package.json): two runs with the same fingerprint and the same taxonomy write the same bytes. The
 * output manifest records it, so a changed generator is never taken for an unchanged one, even
 * between releases (a development checkout). A few milliseconds, once per process.
 */
export function generatorFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const code = dirname(fileURLToPath(import.meta.url)); // src/ (sources) or dist/src/ (compiled)
  const hash = createHash('sha256').update(readPackageFile('package.json'));
  const files = readdirSync(code, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name) && !/\.(test|d)\.ts$|\.test\.js$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) hash.update(`${relative(code, file)}\0`).update(readFileSync(file)).update('\0');
  for (const name of readdirSync(new URL('templates/runtime/', packageRoot())).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort()) {
    hash.update(`templates/runtime/${name}\0`).update(readPackageFile(`templates/runtime/${name}`)).update('\0');
  }
  fingerprint = `${VERSION}+${hash.digest('hex').slice(0, 16)}`;
  return fingerprint;
}

function packageRoot(): URL {
  return ROOTS.find((root) => {
    try {
      readFileSync(new URL('package.json', root));
      return true;
    } catch {
      return false;
    }
  }) ?? (ROOTS[0] as URL);
}
