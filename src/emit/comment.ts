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
 * The same, also safe inside a `/** ... *\/` block of the client: `*\/` would end the comment, and
 * `/*` reads as the start of a nested one to tools that track them. types.ts breaks `*\/` as
 * json-schema-to-typescript does (`* /`).
 */
export function jsDocText(text: string): string {
  return commentText(text).replaceAll('*/', '*\\/').replaceAll('/*', '/\\*');
}
