// Prints a declaration as json-schema-to-typescript emits it for our schemas (one member per line,
// JSDoc blocks, `("a" | "b")` unions) exactly as prettier prints it with format.ts's options, for
// the regular shapes: interfaces, aliases, unions, arrays, nested objects, an alias of a union of
// objects, in printable ASCII. Anything else (quoted keys, escapes, other characters, comments in
// odd places, long lines prettier breaks in other ways) gives undefined, and prettier
// formats it. prettier is several times slower per KiB and was most of the time of a large
// taxonomy; it stays the reference: test/format.test.ts compares the two on every declaration of
// the fixtures, the corpus and generated ones. In: one raw declaration. Out: its text, or undefined.

/** prettier's printWidth in format.ts. */
const WIDTH = 100;

/** A union member that is a keyword type or a literal, not a reference to another type. */
const KEYWORD_OR_LITERAL = /^(?:string|number|boolean|null|unknown|undefined|never|true|false|'[^']*'|-?\d+)$/;

/** A type on one line; `union`: its members, when it is a union; `array`: `(A | B)[]`, its parts. */
type Flat = { readonly text: string; readonly union?: readonly string[]; readonly array?: { readonly members: readonly string[]; readonly suffix: string } };
type Type = { readonly flat: Flat } | { readonly object: readonly Member[]; readonly suffix: string };
interface Member {
  readonly comment: readonly string[];
  readonly key: string;
  readonly type: Type;
}

class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported();
};

export function formatFast(raw: string): string | undefined {
  if (!/^[\x20-\x7e\n]*$/.test(raw)) return undefined;
  try {
    return print(raw.replace(/\n+$/, '').split('\n'));
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function print(lines: readonly string[]): string {
  const reader = { lines, at: 0 };
  const out = comment(reader);
  const header = lines[reader.at++] ?? unsupported();
  const iface = /^export interface ([A-Za-z_$][\w$]*) \{$/.exec(header);
  if (iface !== null) {
    const members = readMembers(reader);
    if (lines[reader.at++] !== '}' || members.length === 0) unsupported();
    out.push(header, ...printMembers(members, '  '), '}');
  } else {
    const alias = /^export type ([A-Za-z_$][\w$]*) = (.*)$/.exec(header) ?? unsupported();
    const head = `export type ${alias[1] as string} =`;
    if (alias[2] === '({') out.push(head, ...objectUnion(reader));
    else if (alias[2] !== '{') out.push(...flatLines(head, flat(alias[2] as string), '', ';'));
    else {
      const members = readMembers(reader);
      if (reader.lines[reader.at++] !== '}' || members.length === 0) unsupported();
      out.push(`${head} {`, ...printMembers(members, '  '), '};');
    }
  }
  if (reader.at !== lines.length) unsupported();
  return out.join('\n') + '\n';
}

interface Reader {
  readonly lines: readonly string[];
  at: number;
}

/** A JSDoc block at `reader.at`, if there is one, as prettier prints it (unindented). */
function comment(reader: Reader): string[] {
  if (reader.lines[reader.at] !== '/**') return [];
  const out = ['/**'];
  for (reader.at++; reader.lines[reader.at] !== ' */'; reader.at++) {
    const line = reader.lines[reader.at] ?? unsupported();
    if (!line.startsWith(' *')) unsupported();
    // prettier trims each line, but keeps two trailing spaces (a Markdown line break) in JSDoc.
    const text = line.trim();
    out.push(` ${text}${text !== '*' && line.endsWith('  ') ? '  ' : ''}`);
  }
  reader.at++;
  out.push(' */');
  return out;
}

/** Members up to (not including) the closing `}…` line of their object. */
function readMembers(reader: Reader): Member[] {
  const members: Member[] = [];
  for (;;) {
    const start = reader.at;
    const docs = comment(reader);
    const line = reader.lines[reader.at] ?? unsupported();
    if (line.startsWith('}')) {
      if (reader.at !== start) unsupported(); // a comment that documents nothing
      return members;
    }
    reader.at++;
    const member = /^(\[k: string\]|[A-Za-z_$][\w$]*\??): (.*)$/.exec(line) ?? unsupported();
    const key = member[1] as string;
    const rest = member[2] as string;
    if (rest === '{' || rest === '({') {
      // An object, an array of objects (`}[]`), or a nullable object (`({` … `} | null)`).
      const object = readMembers(reader);
      const close = reader.lines[reader.at++] ?? '';
      const suffix = rest === '{' ? (/^\}((?:\[\])*)$/.exec(close)?.[1] ?? unsupported()) : close === '} | null)' ? ' | null' : unsupported();
      if (object.length === 0) unsupported();
      members.push({ comment: docs, key, type: { object, suffix } });
    } else members.push({ comment: docs, key, type: { flat: flat(rest) } });
  }
}

function printMembers(members: readonly Member[], indent: string): string[] {
  return members.flatMap(({ comment, key, type }) => [
    ...comment.map((line) => indent + line),
    ...('flat' in type ? flatLines(`${indent}${key}:`, type.flat, indent, ';') : [`${indent}${key}: {`, ...printMembers(type.object, `${indent}  `), `${indent}}${type.suffix};`]),
  ]);
}

/**
 * A member's or alias's type after its `head`: on the same line if it fits; else a union goes on
 * the next line, indented, if it fits there, or one member per line.
 */
function flatLines(head: string, type: Flat, indent: string, end: string): string[] {
  const line = `${head} ${type.text}${end}`;
  if (line.length <= WIDTH) return [line];
  // prettier keeps `User | null` whole however long (it hugs a reference beside null) and breaks
  // inside `Record<…>`: left to it (found by the fuzz test).
  const members = type.union ?? type.array?.members ?? [];
  if (type.text.includes('<') || (members.includes('null') && members.some((m) => !KEYWORD_OR_LITERAL.test(m)))) return unsupported();
  // Nothing to break in a member: prettier leaves the line as it is. An alias it breaks after `=`.
  if (members.length === 0) return indent === '' ? unsupported() : [line];
  if (type.array !== undefined) {
    // A member's `(A | B)[]`: the union goes inside the parentheses, on one line or one per line.
    // An alias's (a shared type that is an array) is left to prettier: its form is not verified.
    if (indent === '') return unsupported();
    return [`${head} (`, ...unionLines(type.array.members, `${indent}  `, ''), `${indent})${type.array.suffix}${end}`];
  }
  return [head, ...unionLines(type.union ?? unsupported(), `${indent}  `, end)];
}

/** A union on a line of its own at `indent` if it fits, else one member per line. */
function unionLines(members: readonly string[], indent: string, end: string): string[] {
  const line = `${indent}${members.join(' | ')}${end}`;
  if (line.length <= WIDTH) return [line];
  const lines = members.map((member, i) => `${indent}| ${member}${i === members.length - 1 ? end : ''}`);
  // A member too long for its line would be broken further by prettier (an array of a union).
  return lines.some((l) => l.length > WIDTH) ? unsupported() : lines;
}

/** `({` … `} | {` … `})`: an alias of a union of objects, always broken. */
function objectUnion(reader: Reader): string[] {
  const out: string[] = [];
  for (;;) {
    const members = readMembers(reader);
    if (members.length === 0) unsupported();
    const close = reader.lines[reader.at++];
    out.push('  | {', ...printMembers(members, '      '));
    if (close === '})') return [...out, '    };'];
    if (close !== '} | {') unsupported();
    out.push('    }');
  }
}

/**
 * The whole type of a member or alias, written on one line: names, keywords, `Record<string,
 * never>`, plain string and integer literals, unions, `[]`, and parentheses where jstt puts them
 * (around a union, alone or before `[]`).
 */
function flat(text: string): Flat {
  const tokens = text.match(/Record<string, never>|"[^"\\']*"|-?(?:0|[1-9]\d*)(?![\w.])|[A-Za-z_$][\w$]*|\[\]|[()|]| /g) ?? [];
  if (tokens.join('') !== text) unsupported();
  const parser = { tokens: tokens.filter((t) => t !== ' '), at: 0 };
  const union = parseUnion(parser);
  if (parser.at !== parser.tokens.length) unsupported();
  // The type's own parentheses go (`("a" | "b")` is `'a' | 'b'`); a union inside a union would be
  // flattened by prettier, which jstt does not write for us.
  const single = union.length === 1 ? union[0]?.unwrap : undefined;
  if (single === undefined && union.some((m) => m.unwrap !== undefined)) unsupported();
  const members = single ?? union.map((m) => m.text);
  if (members.length > 1) return { text: members.join(' | '), union: members };
  const only = union[0] ?? unsupported();
  return only.array === undefined ? { text: only.text } : { text: only.text, array: only.array };
}

interface Parser {
  readonly tokens: readonly string[];
  at: number;
}

/**
 * Union members, printed. `unwrap`: the members of a member that is a parenthesised union alone;
 * `array`: those of one followed by `[]`.
 */
interface Parsed {
  readonly text: string;
  readonly unwrap?: string[];
  readonly array?: { readonly members: string[]; readonly suffix: string };
}

function parseUnion(parser: Parser): Parsed[] {
  const members = [parsePostfix(parser)];
  while (parser.tokens[parser.at] === '|') {
    parser.at++;
    members.push(parsePostfix(parser));
  }
  return members;
}

function parsePostfix(parser: Parser): Parsed {
  const token = parser.tokens[parser.at++] ?? unsupported();
  let text: string;
  let unwrap: string[] | undefined;
  if (token === '(') {
    const inner = parseUnion(parser);
    if (parser.tokens[parser.at++] !== ')' || inner.some((m) => m.unwrap !== undefined)) unsupported();
    if (inner.length === 1) {
      // `("a")[]`: prettier drops parentheses around one type (not around a negative number).
      text = inner[0]?.text ?? unsupported();
      if (text.startsWith('-') || text.endsWith(']')) unsupported();
    } else {
      unwrap = inner.map((m) => m.text);
      text = `(${unwrap.join(' | ')})`;
    }
  } else if (token.startsWith('"')) text = `'${token.slice(1, -1)}'`;
  else if (token === ')' || token === '|' || token === '[]') return unsupported();
  else text = token;
  let arrays = '';
  while (parser.tokens[parser.at] === '[]') {
    parser.at++;
    arrays += '[]';
  }
  if (unwrap === undefined) return { text: text + arrays };
  return arrays === '' ? { text, unwrap } : { text: text + arrays, array: { members: unwrap, suffix: arrays } };
}
