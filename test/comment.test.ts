// Taxonomy text in generated comments (src/emit/comment.ts): it can neither close the comment, nor
// open a nested one (ts-morph's writer tracks `/*`), nor start a JSDoc tag, nor hide characters.
import { describe, expect, it } from 'vitest';
import { commentText, jsDocText } from '../src/emit/comment.js';

describe('commentText', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a\r\nb\rc\nd\u2028e\u2029f', 'a\nb\nc\nd\ne\nf'],
    ['admin\u202Esu', 'admin\\u{202E}su'],
    ['zero\u200Bwidth\u0007', 'zero\\u{200B}width\\u{7}'],
    ['@deprecated fake', '\\@deprecated fake'],
    ['Use it.\n  @param x', 'Use it.\n  \\@param x'],
    ['mail me@example.com', 'mail me@example.com'],
  ])('%j → %j', (input, output) => expect(commentText(input)).toBe(output));
});

describe('jsDocText', () => {
  it.each([
    ['ends */ here', 'ends *\\/ here'],
    ['opens /* here', 'opens /\\* here'],
    ['/*/', '/\\*\\/'],
    ['\n*/ x /*', '\n*\\/ x /\\*'],
    ['@see it\n*/', '\\@see it\n*\\/'],
  ])('%j → %j', (input, output) => expect(jsDocText(input)).toBe(output));
});
