// Taxonomy text inside generated comments. A description can hold anything a user typed; in a
// comment it must neither end the comment early (`*/`), nor start a tag (`@deprecated` at the start
// of a line would mark the symbol deprecated in every editor), nor disguise the code around it
// (bidi, zero-width and line-breaking characters). In: text. Out: text safe in a JSDoc block.
import { visible } from '../diagnostics.js';

/** Lines of `text` with invisible and reordering characters shown as escapes, and no line starting a tag. */
export function commentText(text: string): string {
  return text
    .split(/\r\n?|[\n\u2028\u2029]/)
    .map((line) => visible(line).replace(/^(\s*)@/, '$1\\@'))
    .join('\n');
}

/**
 * The same, also safe inside `/** ... *\/` printed by ts-morph: `*\/` would end the comment, and its
 * writer reads `/*` as the start of a nested comment and then misplaces the next tag (found by the
 * fuzz test). json-schema-to-typescript breaks `*\/` itself.
 */
export function jsDocText(text: string): string {
  return commentText(text).replaceAll('*/', '*\\/').replaceAll('/*', '/\\*');
}
