// The documents prettier builds for the TypeScript constructs our emitters print (doc.ts prints
// them): call arguments (the last array argument hugged), arrow functions, assignments in
// prettier's "fluid" layout, object and array literals, import/export lists, parameter lists,
// JSDoc blocks, and the literals and keys prettier would rewrite otherwise. Each function names the
// prettier behaviour it mirrors; test/prettier.test.ts and the fuzz run hold them to prettier.
// In: code pieces. Out: documents.
import { breakParent, conditionalGroup, group, hardline, ifBreak, indent, indentIfBreak, join, line, softline, willBreak, type Doc } from './doc.js';

const PLAIN = /^[ !#-&(-[\]-~]*$/;

/**
 * A string literal, safe anywhere in TypeScript and unable to disguise the code around it, as
 * prettier prints it: single quotes unless the text holds more single than double quotes. JSON
 * escapes quotes, backslashes, C0 controls and lone surrogates; the rest of the invisible or
 * line-breaking characters (DEL and C1 controls, format characters, U+2028/U+2029) are escaped too.
 */
export function literal(text: string): string {
  // Most taxonomy text is printable ASCII without quotes or backslashes: nothing to escape.
  if (PLAIN.test(text)) return `'${text}'`;
  const json = JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
  const singles = count(text, "'");
  const doubles = count(text, '"');
  if (doubles < singles) return `"${json}"`;
  return `'${json.replace(/\\.|'/gs, (m) => (m === '\\"' ? '"' : m === "'" ? "\\'" : m))}'`;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** A number as prettier prints it: `-0` kept, no `+` in an exponent. */
export function numberLiteral(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value).replace('e+', 'e');
}

/**
 * An object key as prettier prints it with `quoteProps: "as-needed"`: bare when it is an ES5
 * identifier name (letters of the Basic Multilingual Plane), else quoted.
 */
export function propertyKey(name: string): string {
  return isEs5IdentifierName(name) ? name : literal(name);
}

/**
 * prettier's ES5 identifier table is of an older Unicode than Node's: these letters and marks are
 * identifier characters to `\p{…}` here but not to prettier (test/property-keys.slow.test.ts checks
 * every BMP character against prettier), and U+1CF2/U+1CF3 may continue a name but not start one.
 */
const NEWER_THAN_ES5 = new RegExp(
  '[\\u0560\\u0588\\u05ef\\u07fd\\u0860-\\u086a\\u0870-\\u0887\\u0889-\\u088f\\u0897-\\u089f' +
    '\\u08b5\\u08be-\\u08d3\\u09fc\\u09fe\\u0afa-\\u0aff\\u0b55\\u0c04\\u0c3c\\u0c5c-\\u0c5d' +
    '\\u0cdc-\\u0cdd\\u0cf3\\u0d00\\u0d04\\u0d3b-\\u0d3c\\u0d81\\u0e86\\u0e89\\u0e8c\\u0e8e-' +
    '\\u0e93\\u0e98\\u0ea0\\u0ea8-\\u0ea9\\u0eac\\u0eba\\u0ece\\u170d\\u1715\\u171f\\u180f' +
    '\\u1878\\u1abf-\\u1add\\u1ae0-\\u1aeb\\u1b4c\\u1c89-\\u1c8a\\u1c90-\\u1cba\\u1cbd-' +
    '\\u1cbf\\u1cf7\\u1cfa\\u1df6-\\u1dfa\\u2c2f\\u2c5f\\u312e-\\u312f\\u31bb-\\u31bf\\u4db6-' +
    '\\u4dbf\\u9fd6-\\u9fff\\ua7af\\ua7b8-\\ua7dc\\ua7f1-\\ua7f6\\ua82c\\ua8fe-\\ua8ff' +
    '\\uab66-\\uab69' +
    ']',
);

function isEs5IdentifierName(name: string): boolean {
  return (
    /^[$_\p{L}\p{Nl}][$_\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u200c\u200d]*$/u.test(name) &&
    !/[\u{10000}-\u{10ffff}]/u.test(name) &&
    !NEWER_THAN_ES5.test(name) &&
    !/^[\u1cf2\u1cf3]/.test(name)
  );
}

/** `[a, b]`, one element a line when broken; an array of two or more arrays of two or more is always broken (prettier's rule). */
export function arrayLiteral(elements: readonly Doc[], nested: readonly (readonly Doc[])[] = []): Doc {
  const shouldBreak = nested.length > 1 && nested.length === elements.length && nested.every((e) => e.length > 1);
  if (elements.length === 0) return '[]';
  return group(['[', indent([softline, join([',', line], elements)]), ifBreak(','), softline, ']'], { shouldBreak });
}

/** `{ a: b, c }`, one entry a line when broken. */
export function objectLiteral(entries: readonly (readonly [string, Doc])[]): Doc {
  if (entries.length === 0) return '{}';
  return group(['{', indent([line, join([',', line], entries.map(([key, value]) => [key, ': ', value]))]), ifBreak(','), line, '}']);
}

/** A call's argument list; an array last argument is hugged when the rest fits (prettier's printCallArguments). */
export function callArguments(args: readonly Doc[], lastIsArray = false): Doc {
  if (args.length === 0) return '()';
  const broken = group(['(', indent([line, join([',', line], args)]), ',', line, ')'], { shouldBreak: true });
  if (!lastIsArray) return group(['(', indent([softline, join([',', line], args)]), ifBreak(','), softline, ')']);
  const head = args.slice(0, -1);
  const last = args.at(-1) as Doc;
  const flat = (l: Doc): Doc => ['(', join(', ', [...head, l]), ')'];
  // prettier puts a bare break-parent beside the conditional group when an argument must break.
  return [args.some(willBreak) ? breakParent : '', conditionalGroup([flat(last), flat(group(last, { shouldBreak: true })), broken])];
}

export function call(callee: string, args: readonly Doc[], lastIsArray = false): Doc {
  return [callee, callArguments(args, lastIsArray)];
}

/** Parameters, one a line with a trailing comma when the signature does not fit. */
export function parameters(params: readonly string[]): Doc {
  return group(['(', indent([softline, join([',', line], params)]), ifBreak(','), softline, ')']);
}

/** An arrow function whose body is an expression: the body moves to the next line when it does not fit. */
export function arrow(params: Doc, body: Doc): Doc {
  return group([group(params), ' =>', group(indent([line, body]))]);
}

/** `left = right` (or `key: value`) in prettier's "fluid" layout: right moves to the next line only when its first line does not fit. */
export function assignment(left: Doc, operator: string, right: Doc): Doc {
  const id = Symbol('assignment');
  return group([group(left), operator, group(indent(line), { id }), indentIfBreak(group(right), id)]);
}

/** `import { a, b } from 'x';`, `export type { a };`: one name a line when it does not fit. */
export function importList(keyword: string, names: readonly string[], from?: string): Doc {
  const list = group(['{', indent([line, join([',', line], names)]), ifBreak(','), line, '}']);
  return [keyword, ' ', list, from === undefined ? '' : ` from ${literal(from)}`, ';'];
}

/** A JSDoc block: one line for one line of text, else ` * ` lines; none without text. */
export function docBlock(lines: readonly string[]): Doc {
  if (lines.length === 0) return '';
  if (lines.length === 1) return [`/** ${lines[0] as string} */`, hardline];
  // Each line as prettier re-indents a JSDoc block: trimmed, but for two trailing spaces (a Markdown break).
  const body = lines.flatMap((l) => l.split('\n')).map((l) => {
    const text = ` * ${l}`.trim();
    return ` ${text}${text !== '*' && l.endsWith('  ') ? '  ' : ''}`;
  });
  return [join(hardline, ['/**', ...body, ' */']), hardline];
}

/** A statement, or one that wants a blank line before it. */
export type Statement = Doc | { readonly blank: Doc };

/** Top-level statements: one per line, a blank line before those that ask for one. */
export function statements(items: readonly Statement[]): Doc {
  return items.map((item, i) => {
    const blank = typeof item === 'object' && !Array.isArray(item) && 'blank' in item;
    const doc = blank ? item.blank : (item as Doc);
    return i === 0 ? doc : [hardline, blank ? hardline : '', doc];
  });
}

/** `{` statements `}`, the statements indented. */
export function block(head: Doc, body: readonly Doc[], close = '}'): Doc {
  return [head, ' {', indent([hardline, join(hardline, body)]), hardline, close];
}
