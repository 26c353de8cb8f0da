// Object keys as prettier prints them (quoteProps: as-needed): src/emit/code.ts leaves a key bare
// exactly when prettier would unquote it, for every character of the Basic Multilingual Plane at the
// start of a key and inside one. Otherwise prettier --check would fail on a generated file holding
// such a key. About 6 s of prettier: the slow tier.
import * as prettier from 'prettier';
import { expect, it } from 'vitest';
import { propertyKey } from '../src/emit/code.js';
import { PRETTIER } from './support/types-oracle.js';

it('leaves a key bare exactly when prettier unquotes it, for every BMP character', async () => {
  const keys: string[] = [];
  for (let code = 0x80; code <= 0xffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const c = String.fromCharCode(code);
    keys.push(`${c}a`, `a${c}`);
  }
  const source = `x = {\n${keys.map((k, i) => `${JSON.stringify(k)}: ${i},`).join('\n')}\n};\n`;
  const lines = (await prettier.format(source, PRETTIER)).split('\n').slice(1, -2);
  // Bare or quoted is the question; how a quoted key escapes is literal()'s (test/writer.test.ts).
  const bare = (key: string): boolean => !/^['"]/.test(key);
  const theirs = lines.map((line) => line.trim().replace(/: \d+,$/, ''));
  const ours = keys.map((k) => propertyKey(k));
  const differ = keys.flatMap((k, i) => (bare(theirs[i] ?? '') === bare(ours[i] ?? '') ? [] : [`${JSON.stringify(k)}: prettier ${theirs[i] ?? ''}, ours ${ours[i] ?? ''}`]));
  expect(theirs.length).toBe(keys.length);
  expect(differ.slice(0, 20)).toEqual([]);
}, 120_000);
