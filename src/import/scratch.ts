// The directory the sort runs are written to: `flokit-import-<host>-<pid>-<random>` in the temp
// directory, removed when the import ends. An import killed with SIGKILL (or a machine that lost
// power) cannot remove its own, and a big export leaves gigabytes there, so each import first
// removes the scratch directories of imports on this host whose process is gone. The host is in the
// name because a temp directory can be shared between containers, whose process ids are their own.
// In: the temp directory. Out: a fresh, empty scratch directory.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isRunning } from '../processes.js';

const PREFIX = 'flokit-import-';

/** A new scratch directory in `tempDir`, after removing the ones left by dead imports on this host. */
export function scratchDirectory(tempDir: string): string {
  const host = hostTag();
  for (const name of entries(tempDir)) {
    const owner = ownerOf(name, host);
    if (owner !== undefined && !isRunning(owner)) rmSync(join(tempDir, name), { recursive: true, force: true });
  }
  return mkdtempSync(join(tempDir, `${PREFIX}${host}-${process.pid}-`));
}

/** The host name as it can stand in a file name, without the dashes that separate the parts. */
function hostTag(): string {
  return hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';
}

/** The process id of a scratch directory of this host, or undefined for any other name. */
function ownerOf(name: string, host: string): number | undefined {
  if (!name.startsWith(`${PREFIX}${host}-`)) return undefined;
  const match = /^(\d+)-[^-]+$/.exec(name.slice(PREFIX.length + host.length + 1));
  return match === null ? undefined : Number(match[1]);
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
