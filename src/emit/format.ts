// Formatting generated TypeScript declarations as prettier does, with one pinned configuration.
// The regular ones are printed by format-fast.ts (the same bytes, many times faster); prettier
// formats the rest, joined into one call (several times faster than one call per declaration) and
// split apart again at a marker line. In: declaration sources. Out: the same, formatted, in order.
import { formatFast } from './format-fast.js';

// A marker line no declaration contains.
const SPLIT = '// ---- flokit-gen: declaration boundary ----';

// A file path tells prettier this is not JSX, sparing a whole-text regex scan that grows faster
// than linearly; babel-ts prints the same as the typescript parser, a quarter faster.
const OPTIONS = { parser: 'babel-ts', filepath: 'types.ts', printWidth: 100, singleQuote: true, trailingComma: 'all', semi: true } as const;

export async function formatChunk(sources: readonly string[]): Promise<string[]> {
  const fast = sources.map(formatFast);
  const rest = sources.filter((_, i) => fast[i] === undefined);
  const formatted = await formatWithPrettier(rest);
  let next = 0;
  return fast.map((text) => text ?? (formatted[next++] as string));
}

/** prettier on each declaration: the reference for formatFast. */
export async function formatWithPrettier(sources: readonly string[]): Promise<string[]> {
  if (sources.length === 0) return [];
  const prettier = await import('prettier');
  const joined = await prettier.format(sources.join(`\n${SPLIT}\n`), OPTIONS);
  const parts = joined.split(`${SPLIT}\n`).map((part, i, all) => (i < all.length - 1 ? part.replace(/\n+$/, '\n') : part));
  if (parts.length !== sources.length) throw new Error('prettier changed the declaration boundaries');
  return parts;
}
