// `init`: scaffold a project (taxonomy, config, package.json scripts), refusing to overwrite.
// In: flags, the terminal. Out: files, a summary of what to do next, an exit code.
import { resolve } from 'node:path';
import { initProject } from '../index.js';
import { EXIT_INVALID, EXIT_OK, paint, type Io } from './io.js';

export async function initCommand(flags: { readonly cwd?: string; readonly quiet?: boolean }, io: Io): Promise<number> {
  const dir = resolve(flags.cwd ?? '.');
  const { created, conflicts } = initProject(dir);
  if (conflicts.length > 0) {
    for (const conflict of conflicts) io.err(`${paint(io, 'red', 'error')}: ${conflict}`);
    io.err('\nflokit-gen init changes nothing in a project that has any of these; nothing was written.');
    return EXIT_INVALID;
  }
  if (flags.quiet !== true) {
    for (const file of created) await io.out(`created ${file}`);
    await io.out('\nNext: edit taxonomy/flokit.yaml, then run `npx flokit-gen generate` (also run before every build by the prebuild script) and `npm run check` in CI.');
  }
  return EXIT_OK;
}
