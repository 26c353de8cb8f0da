// Generated TypeScript is printed formatted: prettier, with the project's .prettierrc.json (the
// options the types oracle formats with, test/support/types-oracle.ts), leaves every .ts file of generated/ and of the golden fixtures'
// expected/ as it is. And no generated line is over 100 characters unless prettier cannot break it:
// a comment (JSDoc and `//` lines carry the taxonomy's own text, which prettier does not rewrap) or
// a single token such as a long string or regex literal.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import * as prettier from 'prettier';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { HEADER_MARK } from '../src/emit/header.js';
import { PRETTIER } from './support/types-oracle.js';

const ROOTS = [
  'generated',
  ...readdirSync('test/fixtures/valid')
    .map((name) => join('test/fixtures/valid', name, 'expected'))
    .filter((dir) => existsSync(dir)),
];

const FILES = ROOTS.flatMap((root) =>
  readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(root, name).split('\\').join('/'))
    .sort(),
);

const text = (file: string): string => readFileSync(file, 'utf8');

/**
 * The files to hand to prettier, one per distinct content. The runtime modules are the same in every
 * output but for their one-line `//` header (the taxonomy's name and hash), which prettier prints as
 * it is and which cannot change how the rest is printed: one copy of each stands for all (checking
 * every copy would make this the slowest test of the suite).
 */
const DISTINCT = (() => {
  const seen = new Map<string, string[]>();
  for (const file of FILES) {
    const source = text(file);
    const newline = source.indexOf('\n');
    const body = source.startsWith(`// ${HEADER_MARK} `) ? source.slice(newline + 1) : source;
    const group = seen.get(body);
    if (group === undefined) seen.set(body, [file]);
    else group.push(file);
  }
  return [...seen.values()].map((group) => ({
    file: group[0] as string,
    label: group.length === 1 ? (group[0] as string) : `${group[0]} (and ${group.length - 1} copies under other headers)`,
  }));
})();

/** Diff lines shown for a file prettier would change: enough to see what, short enough to read. */
const DIFF_LINES = 30;

/** The first hunks between the file and prettier's print of it (+ is prettier's). */
function firstDifferences(file: string, actual: string, formatted: string): string {
  const { hunks } = structuredPatch(file, file, actual, formatted, 'generated', 'prettier', { context: 2 });
  const lines = hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
  const more = lines.length > DIFF_LINES ? [`... ${lines.length - DIFF_LINES} more diff lines`] : [];
  return [...lines.slice(0, DIFF_LINES), ...more].join('\n');
}

describe('generated TypeScript is prettier-formatted', () => {
  it('with the project configuration, the options the types oracle formats with', async () => {
    const config = await prettier.resolveConfig(join('generated', 'types.ts'));
    const { parser: _parser, ...options } = PRETTIER;
    expect(config).toEqual(options);
  });

  it('finds the output of generated/ and of every golden fixture', () => {
    expect(ROOTS.length).toBeGreaterThan(10);
    for (const root of ROOTS) expect(FILES.filter((f) => f.startsWith(`${root}/`)).length, root).toBeGreaterThanOrEqual(4);
  });

  for (const { file, label } of DISTINCT) {
    it(label, async () => {
      const source = text(file);
      const config = await prettier.resolveConfig(file);
      expect(config, 'no prettier configuration applies to the file').not.toBeNull();
      const options = { ...config, filepath: file };
      if (await prettier.check(source, options)) return;
      const formatted = await prettier.format(source, options);
      expect.fail(`prettier would reformat ${file} (+ is prettier's):\n${firstDifferences(file, source, formatted)}`);
    });
  }
});

// ---- line length ----

const WIDTH = 100;

/** Nodes prettier prints whole on one line, whatever their length: nothing inside them to break at. */
const TOKENS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateExpression, // embedded expressions are printed without line breaks
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
]);

/** What may stand beside such a token on its line: a leading `? `, `: `, `| ` or `& `, and closing punctuation or a binary operator after it. */
const LEAD = /^[?:|&] /;
const TRAIL = /(?:\s*(?:\+|\|\||&&|\?\?|[,;)\]}]))*$/;

interface Analysis {
  readonly comments: readonly (readonly [number, number])[];
  readonly tokens: ReadonlySet<string>;
}

function analyse(file: string, source: string): Analysis {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const comments = new Map<number, number>();
  const tokens = new Set<string>();
  const collect = (ranges: ts.CommentRange[] | undefined): void => {
    for (const r of ranges ?? []) comments.set(r.pos, r.end);
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(source, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(source, node.getEnd()));
    if (TOKENS.has(node.kind)) tokens.add(`${node.getStart(sf)}:${node.getEnd()}`);
    // getChildren, not forEachChild: the punctuation tokens carry comments too.
    for (const child of node.getChildren(sf)) visit(child);
  };
  visit(sf);
  return { comments: [...comments], tokens };
}

/** Code points, as an editor counts columns for all but wide characters. */
const width = (s: string): number => [...s].length;

/** `file:line (width): text` for every line over the width that prettier could have broken. */
function overlong(file: string): string[] {
  const source = text(file);
  const lines = source.split('\n');
  if (lines.every((line) => width(line) <= WIDTH)) return [];
  const { comments, tokens } = analyse(file, source);
  const inComment = (pos: number): boolean => comments.some(([from, to]) => pos >= from && pos < to);
  const found: string[] = [];
  let start = 0;
  lines.forEach((line, index) => {
    const lineStart = start;
    start += line.length + 1;
    if (width(line) <= WIDTH) return;
    // The code on the line: its characters outside comments, up to the last of them.
    let first = -1;
    let last = -1;
    for (let i = 0; i < line.length; i++) {
      if (/\s/.test(line[i] as string) || inComment(lineStart + i)) continue;
      if (first < 0) first = i;
      last = i;
    }
    if (first < 0) return; // a comment line
    if (width(line.slice(0, last + 1)) <= WIDTH) return; // only a trailing comment runs over
    const code = line.slice(first, last + 1);
    const lead = LEAD.exec(code)?.[0].length ?? 0;
    const trail = code.length - (TRAIL.exec(code)?.index ?? code.length);
    const tokenStart = lineStart + first + lead;
    const tokenEnd = lineStart + last + 1 - trail;
    if (tokens.has(`${tokenStart}:${tokenEnd}`)) return; // a single unbreakable token
    found.push(`${file}:${index + 1} (${width(line)}): ${line.trim()}`);
  });
  return found;
}

/** Lines listed when the test fails; the count says how many more there are. */
const LISTED = 40;

describe('generated lines', () => {
  it(`are at most ${WIDTH} characters wide, but for comments and single unbreakable tokens`, () => {
    // The header of the copies is a comment: the first copy of each content stands for all.
    const found = DISTINCT.flatMap(({ file }) => overlong(file));
    const more = found.length > LISTED ? [`... and ${found.length - LISTED} more`] : [];
    expect(found.length, [`${found.length} lines over ${WIDTH} characters:`, ...found.slice(0, LISTED), ...more].join('\n')).toBe(0);
  });
});
