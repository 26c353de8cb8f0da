// Taxonomy text inside generated comments. A description can hold anything a user typed; in a
// comment it must neither end the comment early (`*/`) nor disguise the code around it (bidi,
// zero-width and line-breaking characters). In: text. Out: text safe in a JSDoc block.
import { visible } from '../diagnostics.js';

/** Lines of `text` with invisible and reordering characters shown as escapes. */
export function commentText(text: string): string {
  return text.split(/\r\n?|[\n\u2028\u2029]/).map(visible).join('\n');
}

/** The same, also safe inside `/** ... *\/` written by us (json-schema-to-typescript breaks `*\/` itself). */
export function jsDocText(text: string): string {
  return commentText(text).replaceAll('*/', '*\\/');
}
