// Module loader hooks for the stage runner: when flokit-gen's compiled code (dist/) imports
// `prettier`, it gets bench/lib/prettier-timed.js instead, which forwards to the real prettier and
// adds up the wall time spent formatting. So the bench can report "format" on its own wherever the
// generator calls prettier (in generate.ts, inside emitTypes, ...), without touching src/.
const SHIM = new URL('./prettier-timed.js', import.meta.url).href;
const DIST = new URL('../../dist/', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'prettier' && context.parentURL?.startsWith(DIST)) return { url: SHIM, shortCircuit: true };
  return next(specifier, context);
}
