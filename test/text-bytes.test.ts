// Large texts hashed, written and compared with files a chunk at a time give the bytes, digests and
// verdicts of the whole text, including surrogate pairs that straddle a chunk's end.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { holdsText, readHead, sha256, sha256File, writeText } from '../src/text-bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'flokit-text-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHUNK = 1 << 16;
const texts: readonly (readonly [string, string])[] = [
  ['empty', ''],
  ['short ASCII', 'paywall_viewed'],
  ['ASCII over several chunks', 'a'.repeat(3 * CHUNK + 17)],
  // 😀 is a surrogate pair: its high half lands on the last code unit of each chunk.
  ['a pair across each chunk end', ('x'.repeat(CHUNK - 1) + '😀').repeat(3)],
  ['mixed widths', 'é中😀\n'.repeat(CHUNK)],
  ['a lone surrogate (encoded as U+FFFD, as Node does)', 'y'.repeat(CHUNK - 1) + '\ud800' + 'z'.repeat(10)],
];

describe('text-bytes', () => {
  it.each(texts)('%s: sha256 equals the digest of the whole UTF-8', (_, text) => {
    expect(sha256(text)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(sha256(Buffer.from(text))).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it.each(texts)('%s: writeText writes the UTF-8 of the whole text', (name, text) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.txt`);
    writeText(file, text);
    expect(readFileSync(file).equals(Buffer.from(text))).toBe(true);
  });

  it('replaces a file with flag w, and refuses one that exists with wx', () => {
    const file = join(dir, 'exists.txt');
    writeFileSync(file, 'old contents, longer than the new');
    writeText(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(() => writeText(file, 'again', 'wx')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(file, 'utf8')).toBe('new');
  });

  it.each(texts)('%s: a file holds the text it was written with, and its digest is the text\'s', (name, text) => {
    const file = join(dir, `held-${name.replace(/\W+/g, '-')}.txt`);
    writeFileSync(file, text);
    expect(holdsText(file, text)).toBe(true);
    expect(sha256File(file)).toBe(sha256(text));
  });

  it('tells a file from a text that differs in size, or only in the last byte of a later chunk', () => {
    const file = join(dir, 'differs.txt');
    const text = 'é'.repeat(3 * CHUNK) + 'end';
    writeFileSync(file, text);
    expect(holdsText(file, `${text}!`)).toBe(false);
    expect(holdsText(file, text.slice(0, -1))).toBe(false);
    expect(holdsText(file, `${text.slice(0, -1)}e`)).toBe(false);
    // Same number of bytes: two bytes of é against two ASCII letters at the very start.
    expect(holdsText(file, `ab${text.slice(1)}`)).toBe(false);
    expect(holdsText(file, text)).toBe(true);
  });

  it('reads the head of a file without the rest, replacing a character cut in two', () => {
    const file = join(dir, 'head.txt');
    writeFileSync(file, `// header\n${'é'.repeat(1000)}`);
    expect(readHead(file, 10)).toBe('// header\n');
    expect(readHead(file, 12)).toBe('// header\né');
    expect(readHead(file, 13)).toBe('// header\né\ufffd');
    expect(readHead(file, 1_000_000)).toBe(`// header\n${'é'.repeat(1000)}`);
  });

  it('a text in parts hashes, writes and compares as the parts joined, whatever the parts\' sizes', () => {
    const big = 'é'.repeat(CHUNK + 5);
    const partings: readonly (readonly string[])[] = [
      [],
      ['', '', ''],
      ['{', '\n  "a": 1', '', '\n}\n'],
      [big, 'x', big, '😀', 'tail'],
      Array.from({ length: 5000 }, (_, i) => `line ${i} é\n`),
    ];
    for (const [i, parts] of partings.entries()) {
      const joined = parts.join('');
      const file = join(dir, `parts-${i}.txt`);
      writeText(file, parts);
      expect(readFileSync(file).equals(Buffer.from(joined))).toBe(true);
      expect(sha256(parts)).toBe(createHash('sha256').update(joined).digest('hex'));
      expect(holdsText(file, parts)).toBe(true);
      expect(holdsText(file, [...parts, 'x'])).toBe(false);
    }
  });
});
