// `init`: scaffold a project (taxonomy, config, package.json scripts), refusing to overwrite.
// In: flags, the terminal. Out: files, a summary of what was done and what to do next, an exit code.
import { resolve } from 'node:path';
import { initProject, type InitScriptRole } from '../index.js';
import { EXIT_INVALID, EXIT_OK, paint, type Io } from './io.js';

export interface InitFlags {
  readonly cwd?: string;
  readonly quiet?: boolean;
  readonly generateScript?: string;
  readonly checkScript?: string;
  readonly watchScript?: string;
}

export async function initCommand(flags: InitFlags, io: Io): Promise<number> {
  const dir = resolve(flags.cwd ?? '.');
  const scripts: Partial<Record<InitScriptRole, string>> = {};
  if (flags.generateScript !== undefined) scripts.generate = flags.generateScript;
  if (flags.checkScript !== undefined) scripts.check = flags.checkScript;
  if (flags.watchScript !== undefined) scripts.watch = flags.watchScript;
  const result = initProject(dir, { scripts });
  if (result.conflicts.length > 0) {
    for (const conflict of result.conflicts) io.err(`${paint(io, 'red', 'error')}: ${conflict}`);
    io.err('\nflokit-gen init changes nothing in a project that has any of these; nothing was written.');
    return EXIT_INVALID;
  }
  if (flags.quiet === true) return EXIT_OK;
  for (const file of result.created) await io.out(`created ${file}`);
  const { generate, check, watch } = result.scripts;
  for (const file of result.updated) await io.out(`updated ${file}: added the scripts "${generate}", "${check}" and "${watch}"`);
  await io.out('');
  if (!result.installed) {
    await io.out('flokit-gen is not installed in this project: run `npm install --save-dev flokit-gen`, so that the scripts find it and your editor finds the taxonomy schema that taxonomy/flokit.yaml points to.');
  }
  const regenerate = result.hooksBuild
    ? `\`npm run build\` regenerates first (the "${generate}" script)`
    : `run \`npm run ${generate}\` before you compile (there is no build script to hook; chain it into yours: "build": "npm run ${generate} && ...")`;
  await io.out(`Next: edit taxonomy/flokit.yaml, then run \`npx flokit-gen generate\`; ${regenerate}; \`npm run ${check}\` in CI.`);
  return EXIT_OK;
}
