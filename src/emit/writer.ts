// The code writer of validators.ts: lines at an indentation, blocks, and the statement shapes the
// emitter writes, laid out by the project's one printer (doc.ts: prettier's algorithm at width 100,
// with the documents prettier builds, as code.ts builds them for types.ts and client.ts), so that
// what is written is already formatted as prettier formats it with .prettierrc.json, byte for byte.
// A piece of code prettier may break is described as `Code` (a comma list, an operator chain, an
// assignment): its one-line text is cheap to make and to measure, and most lines fit, so only a line
// that does not fit goes through the printer, as the document prettier would build for it.
// Statement shapes whose prettier layout is intricate are avoided: a clause too long for one line is
// written as a braced block (prettier would move its statement to a line of its own).
// test/writer.test.ts holds each layout to prettier's own output. In: code pieces. Out: lines.
import { literal, numberLiteral } from './code.js';
import * as d from './doc.js';
import { textWidth } from './text-width.js';

export { literal, numberLiteral };

/**
 * Code prettier may break. `list`: `open` items `close`, as prettier prints call arguments, function
 * parameters, array elements and import or export specifiers (`spaced`: `{ a, b }`, and one
 * specifier never breaks): on one line, or `open`, then each item and a comma on its own line one
 * level deeper, then `close` (`comma: false` for a member lookup `o[` key `]`, which takes none).
 * `chain`: operands joined by one operator, as prettier prints `a + b + c`, `a && b` or `a !== b`:
 * on one line, or broken after every operator, the operands after the first one level deeper when
 * `indent` (directly inside an `if (...)`, a chain is not indented, and a chain of `&&`/`||` breaks
 * with the test). `left = right`: prettier's "fluid" layout (the right side moves below `=` only when
 * its text up to where it can break does not fit after it), or with `breakAfter` the
 * "break-after-operator" layout prettier gives a right side that breaks badly (`o['key']`): below
 * `=` whenever it does not fit after it; prettier gives it too to a string literal and a call with
 * no argument or one short one, and never moves a number.
 */
export type Code =
  | string
  | { readonly list: readonly Code[]; readonly open: string; readonly close: string; readonly spaced?: boolean; readonly comma?: boolean }
  | { readonly chain: readonly Code[]; readonly operator: string; readonly indent: boolean }
  | { readonly left: string; readonly right: Code; readonly breakAfter?: boolean };

/** Whether a whole line (indentation included) fits in the print width, measured as prettier measures it. */
export function fits(line: string): boolean {
  // No character is wider than two columns per UTF-16 unit: a short line fits unmeasured.
  return line.length * 2 <= d.WIDTH || textWidth(line) <= d.WIDTH;
}

/** `code` on one line, as prettier prints it when it fits. */
export function flat(code: Code): string {
  if (typeof code === 'string') return code;
  if ('list' in code) {
    const space = code.spaced === true && code.list.length > 0 ? ' ' : '';
    return `${code.open}${space}${code.list.map(flat).join(', ')}${space}${code.close}`;
  }
  if ('chain' in code) return code.chain.map(flat).join(` ${code.operator} `);
  return `${code.left} = ${flat(code.right)}`;
}

const isLogical = (code: Code): boolean => typeof code !== 'string' && 'chain' in code && (code.operator === '&&' || code.operator === '||');

/**
 * The document prettier builds for `code`. `test`: directly inside `if (...)`, where prettier
 * leaves a binary expression's parts to the test's group: a chain of `&&`/`||` breaks with it, and
 * nothing is indented past the first operand.
 */
export function doc(code: Code, test = false): d.Doc {
  if (typeof code === 'string') return code;
  if ('list' in code) {
    if (code.list.length === 0 || (code.spaced === true && code.list.length === 1)) return flat(code);
    const gap = code.spaced === true ? d.line : d.softline;
    return d.group([code.open, d.indent([gap, d.join([',', d.line], code.list.map((c) => doc(c)))]), d.ifBreak(code.comma === false ? '' : ','), gap, code.close]);
  }
  if ('chain' in code) {
    const [first = '', ...rest] = code.chain.map((c) => doc(c));
    const tail = rest.flatMap((c) => [` ${code.operator}`, d.line, c]);
    if (test) return isLogical(code) ? [first, ...tail] : d.group([first, ...tail]);
    return d.group([first, code.indent ? d.indent(tail) : tail]);
  }
  if (typeof code.right === 'string' && /^\d/.test(code.right)) return `${code.left} = ${code.right}`; // a number: never moved
  if (code.breakAfter === true || breaksBadly(code.right)) return d.group([code.left, ' =', d.group(d.indent([d.line, doc(code.right)]))]);
  const id = Symbol('assignment');
  return d.group([code.left, ' =', d.group(d.indent(d.line), { id }), d.indentIfBreak(d.group(doc(code.right)), id)]);
}

/**
 * Whether prettier gives `right` its break-after-operator layout: a string literal, or a call it
 * deems poorly breakable (isPoorlyBreakableMemberOrCallChain): no argument, or one short one (an
 * identifier or a string of at most printWidth / 4 characters, a number).
 */
function breaksBadly(right: Code): boolean {
  if (typeof right === 'string') return /^['"]/.test(right);
  if (!('list' in right) || !right.open.endsWith('(') || right.list.length > 1) return false;
  const [arg] = right.list;
  return arg === undefined || (typeof arg === 'string' && (/^-?\d/.test(arg) || (/^(['"]|[\w$]+$)/.test(arg) && arg.length <= d.WIDTH / 4)));
}

/** `document` printed from the start of a line at indentation `indent`, as lines. */
function printAt(indent: string, document: d.Doc): string[] {
  let nested: d.Doc = [indent, document];
  for (let i = 0; i < indent.length; i += 2) nested = d.indent(nested);
  return d.print(nested).split('\n');
}

/** The lines of `code` at indentation `indent`, after `prefix` on its first line and before `suffix` on its last. */
export function layout(code: Code, indent: string, prefix = '', suffix = ''): string[] {
  const one = `${indent}${prefix}${flat(code)}${suffix}`;
  return typeof code === 'string' || fits(one) ? [one] : printAt(indent, [prefix, doc(code), suffix]);
}

/** `head + items.join(', ') + tail` on one line at `indent` when it fits, else one item a line (see Code). */
export function list(head: string, items: readonly Code[], tail: string, indent = ''): string[] {
  return layout({ open: head, list: items, close: tail }, indent);
}

/** `callee(args)`. */
export function call(callee: string, args: readonly Code[]): Code {
  return { open: `${callee}(`, list: args, close: ')' };
}

const INDENTS: string[] = [];

/** Lines of code at a current indentation (two spaces a level), and blocks opened and closed. */
export class Writer {
  private readonly out: string[] = [];

  constructor(private depth = 0) {}

  get indent(): string {
    return (INDENTS[this.depth] ??= '  '.repeat(this.depth));
  }

  /** What was written, one entry a line. */
  get written(): readonly string[] {
    return this.out;
  }

  line(text: string): void {
    this.out.push(text === '' ? '' : `${this.indent}${text}`);
  }

  /** Lines already indented. */
  lines(lines: readonly string[]): void {
    for (const line of lines) this.out.push(line);
  }

  blank(): void {
    this.out.push('');
  }

  /** `code` laid out at the current indentation (see layout). */
  print(code: Code, prefix = '', suffix = ''): void {
    this.lines(layout(code, this.indent, prefix, suffix));
  }

  /** A line that opens a block: what follows is one level deeper until close(). */
  open(text: Code): void {
    this.print(text);
    this.depth++;
  }

  close(text = '}'): void {
    this.depth--;
    this.line(text);
  }

  /** What `write` writes, one level deeper. */
  indented(write: () => void): void {
    this.depth++;
    write();
    this.depth--;
  }

  /**
   * `lead if (test) {` as prettier prints it: on one line when it fits, else the test one level
   * deeper between `if (` and `) {`, a chain of `&&` or `||` one operand a line.
   */
  openIf(lead: string, test: Code): void {
    const one = `${this.indent}${lead}if (${flat(test)}) {`;
    this.lines(fits(one) ? [one] : printAt(this.indent, [lead, 'if (', d.group([d.indent([d.softline, doc(test, true)]), d.softline]), ') {']));
    this.depth++;
  }

  /**
   * An `if`/`else if`/`else` chain (no test: `else`). A clause's statement stays on the line of its
   * `if (test)` or `else` when the whole fits, as prettier leaves it; else the clause is a braced
   * block (prettier would move the statement to a line of its own, one level deeper, and break its
   * test as in openIf). A block clause writes its own lines. An `else` follows a `}` on its line.
   */
  branches(clauses: readonly { readonly test?: Code; readonly then: Code | (() => void) }[]): void {
    let braced = false;
    clauses.forEach(({ test, then }, i) => {
      if (braced) this.depth--;
      const lead = `${braced ? '} ' : ''}${i > 0 ? 'else ' : ''}`;
      const one = typeof then === 'function' ? undefined : `${this.indent}${lead}${test === undefined ? '' : `if (${flat(test)}) `}${flat(then)};`;
      braced = one === undefined || !fits(one);
      if (!braced) return void this.out.push(one as string);
      if (test === undefined) this.open(`${lead}{`);
      else this.openIf(lead, test);
      if (typeof then === 'function') then();
      else this.print(then, '', ';');
    });
    if (braced) this.close();
  }
}
