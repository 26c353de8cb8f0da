// IR → the source of `generated/validators.ts`: one plain TypeScript function per event that checks
// a payload exactly as ajv checks it against the event's emitted JSON Schema (ajv is the oracle in
// the tests), collecting every violation. Checks are written out per property (`typeof` first,
// `===` chains for enums, constant paths), so a valid payload costs no allocation but the result;
// paths are built only when a violation is reported. Shared types get one checker each, returning
// violations relative to their value. Every taxonomy string reaches the code through `literal()`;
// no comment carries taxonomy text. Generated internal names all start with `$`. An object with
// many properties is checked by helper functions of PROPERTIES_PER_FUNCTION properties each: in one
// long function, TypeScript's control-flow analysis walks back over every earlier statement for each
// use of `$e`: the corpus's 300-property event took 14 s to type-check, 1.4 s in chunks and switches.
// The code is printed by the code writer (writer.ts), already formatted as prettier formats it, in
// shapes whose prettier layout the writer knows: a clause too long for one line is a braced block.
// With a memo (watch), each event's code is kept by its content and the names it uses.
// In: the IR, a memo or none. Out: the TypeScript source of validators.ts.
import { isInheritedName, pointerSegment } from '../../templates/runtime/validation.js';
import type { ArrayShape, EventDef, NumberShape, ObjectShape, Property, Shape, SharedType, StringFormat, StringShape, Taxonomy } from '../model/ir.js';
import { internalName } from '../model/naming.js';
import { reachableTypes } from '../model/reachable-types.js';
import { eventPiece, type EventMemo } from './memo.js';
import { call, type Code, fits, flat, layout, literal, numberLiteral, Writer } from './writer.js';

const FORMATS: Readonly<Record<StringFormat, { readonly check: string; readonly message: string }>> = {
  'date-time': { check: '$f.isDateTime', message: 'must be an RFC 3339 date-time such as 2024-03-15T14:22:00Z' },
  date: { check: '$f.isDate', message: 'must be an RFC 3339 date such as 2024-03-15' },
  email: { check: '$f.isEmail', message: 'must be an email address' },
  uri: { check: '$f.isUri', message: 'must be an absolute URI' },
  uuid: { check: '$f.isUuid', message: 'must be a UUID' },
};

/** A JSON pointer being built: constant text, and expressions (loop indexes, keys) known at run time. */
type Path = readonly (string | { readonly code: string })[];

/** The pointer's code: a literal, or a `+` chain (which prettier breaks one operand a line, indented). */
function pathCode(path: Path): Code {
  const pieces: string[] = [];
  let text = '';
  for (const part of path) {
    if (typeof part === 'string') text += part;
    else {
      if (text !== '') pieces.push(literal(text));
      pieces.push(part.code);
      text = '';
    }
  }
  if (text !== '' || pieces.length === 0) pieces.push(literal(text));
  return pieces.length === 1 ? (pieces[0] as string) : { chain: pieces, operator: '+', indent: true };
}

/** `$e = $v.<fn>($e, ...args)`: a violation reported. */
const report = (fn: string, args: readonly Code[]): Code => ({ left: '$e', right: call(`$v.${fn}`, ['$e', ...args]) });

/** `left op right`, which prettier breaks after `op` (the right side one level deeper inside a chain). */
const compare = (left: string, operator: string, right: string): Code => ({ chain: [left, right], operator, indent: true });

const isChain = (code: Code): code is Extract<Code, { chain: unknown }> => typeof code !== 'string' && 'chain' in code;
const isLogical = (code: Code): code is Extract<Code, { chain: unknown }> => isChain(code) && (code.operator === '&&' || code.operator === '||');

/** `(chain)`: the parentheses stick to its first and last operands, as they do for prettier's line fitting. */
function parenthesized(chain: Extract<Code, { chain: unknown }>): Code {
  const [first = '', ...rest] = chain.chain;
  const last = rest.pop() ?? '';
  const glue = (d: Code, before: string, after: string): Code => (typeof d === 'string' ? `${before}${d}${after}` : isChain(d) ? { ...d, chain: [glue(d.chain[0] ?? '', before, ''), ...d.chain.slice(1, -1), glue(d.chain[d.chain.length - 1] ?? '', '', after)] } : d);
  return { ...chain, chain: [glue(first, '(', ''), ...rest, glue(last, '', ')')] };
}

/** `a && b && c` (or `||`): nested chains of the operator are flattened, other logical chains parenthesized. */
function logical(operator: '&&' | '||', terms: readonly Code[]): Code {
  if (terms.length === 1) return terms[0] as Code;
  return { chain: terms.flatMap((t) => (isLogical(t) ? (t.operator === operator ? t.chain : [parenthesized(t)]) : [t])), operator, indent: true };
}

const PROPERTIES_PER_FUNCTION = 32;
// Beyond this many values, an enum or a set of known keys is a `switch`: TypeScript narrows through
// an `===` chain term by term, so 300 known keys took 3 s to type-check; as a switch, next to nothing.
const CHAIN_LIMIT = 32;
// Internal names keep a taxonomy name only up to this length (else its index), so that a line with
// a checker's name and a call's arguments still fits: `return $check_<name>(input) === undefined;`.
const MAX_NAME_STEM = 40;

/** Everything one module shares: pattern checkers and shared-type checkers, each emitted once. */
class ModuleContext {
  /** Each pattern's checker: a function name for a simple pattern, else a module-level RegExp's. */
  readonly patterns = new Map<string, { readonly name: string; readonly simple?: SimplePattern }>();
  readonly typeCheckers = new Map<string, string>();
  /** Helper functions for chunks of properties, in the order made; each emitter takes out its own. */
  readonly helpers: (readonly string[])[] = [];
  /** Whether any check calls runtime/formats.ts (the envelope's timestamp is checked in the runtime). */
  usesFormats = false;
  readonly types: ReadonlyMap<string, SharedType>;

  /** `typed`: TypeScript, or the same code without its annotations (plain JavaScript). */
  constructor(
    taxonomy: Taxonomy,
    readonly typed = true,
  ) {
    this.types = new Map(taxonomy.types.map((t) => [t.name, t]));
    taxonomy.types.forEach((t, i) => this.typeCheckers.set(t.name, `$type_${/^[A-Za-z0-9_]+$/.test(t.typeName) && t.typeName.length <= MAX_NAME_STEM ? t.typeName : i}`));
  }

  /**
   * The type test of shared type `name` where null is accepted around it (a nullable use, a nullable
   * alias) but not by the type: its checker would say "must be an object", the code around it says
   * "an object or null". Undefined when the type, or an alias on the way, accepts null itself.
   */
  nullTolerantTest(name: string, v: string): ReturnType<typeof typeTest> | undefined {
    let shape = this.types.get(name)?.shape;
    while (shape?.kind === 'ref') {
      if (shape.nullable) return undefined;
      shape = this.types.get(shape.name)?.shape;
    }
    return shape === undefined || shape.nullable ? undefined : typeTest(shape, v);
  }

  /** `name: type` in TypeScript, `name` in JavaScript. */
  param(name: string, type: string): string {
    return this.typed ? `${name}: ${type}` : name;
  }

  /** `function head(params): returns {`, its parameters one a line when too long (as prettier prints them). */
  signature(head: string, params: readonly (readonly [name: string, type: string])[], returns: string): Code {
    return { open: `${head}(`, list: params.map(([name, type]) => this.param(name, type)), close: this.typed ? `): ${returns} {` : ') {' };
  }

  /** The test of `pattern` on the string `v`: a character-code function for simple patterns, else the regex. */
  patternTest(pattern: string, v: string): string {
    const checker = this.pattern(pattern);
    return checker.simple === undefined ? `${checker.name}.test(${v})` : `${checker.name}(${v})`;
  }

  /** The checker of `pattern`; the first use names it (so names follow the order of the module). */
  pattern(pattern: string): { readonly name: string; readonly simple?: SimplePattern } {
    let checker = this.patterns.get(pattern);
    if (checker === undefined) {
      const simple = simplePattern(pattern);
      checker = simple === undefined ? { name: `$re_${this.patterns.size}` } : { name: `$pat_${this.patterns.size}`, simple };
      this.patterns.set(pattern, checker);
    }
    this.used?.set(pattern, checker.name);
    return checker;
  }

  /** The patterns the piece being emitted has used, by first use, with their names. */
  private used: Map<string, string> | undefined;

  /** Emits one event's code, noting what it took from the module so that a memo can hand it out again. */
  piece(emit: () => readonly string[]): ModulePiece {
    const usedFormats = this.usesFormats;
    this.usesFormats = false;
    this.used = new Map();
    const piece = { text: emit().join('\n'), patterns: [...this.used], usesFormats: this.usesFormats };
    this.used = undefined;
    this.usesFormats ||= usedFormats;
    return piece;
  }

  /**
   * Takes a piece emitted in an earlier run: its patterns are named now, in the order it first used
   * them, as emitting it again would. Its lines hold only if each got the name it had then.
   */
  adopt(piece: ModulePiece): boolean {
    if (!piece.patterns.every(([pattern, name]) => this.pattern(pattern).name === name)) return false;
    this.usesFormats ||= piece.usesFormats;
    return true;
  }
}

/** One event's lines and what they need from the module. */
interface ModulePiece {
  /** The event's code, its lines joined. */
  readonly text: string;
  readonly patterns: readonly (readonly [string, string])[];
  readonly usesFormats: boolean;
}

/**
 * `^[class]{m,n}$` (or `{n}`, `+`, `*`) whose class is ASCII letters, digits, `_` and ranges of
 * them: a length test, and a test that a character code is outside the class, which give the regular
 * expression's verdict (with the `u` flag ajv uses: any character outside an ASCII class fails
 * both, so code units and code points agree) several times faster. Undefined for anything else.
 */
export interface SimplePattern {
  /** The condition on `$s.length` that fails the pattern, when there is one. */
  readonly length: Code | undefined;
  /** The condition on a character code `$c` that fails it. */
  readonly outside: Code;
}

export function simplePattern(pattern: string): SimplePattern | undefined {
  const match = /^\^\[([A-Za-z0-9_-]+)\](?:\{(\d{1,9})\}|\{(\d{1,9}),(\d{0,9})\}|(\+)|\*)\$$/.exec(pattern);
  if (match === null) return undefined;
  const [, body = '', exact, min, max, plus] = match;
  // Ranges of letters or digits, and single characters; a `-` is literal only first or last.
  const parts = [...body.matchAll(/([A-Za-z0-9])-([A-Za-z0-9])|^-|-$|[A-Za-z0-9_]/g)];
  if (parts.map((m) => m[0]).join('') !== body) return undefined;
  // A character is outside the class when it is outside every part.
  const outside: Code[] = [];
  for (const [part, from, to] of parts) {
    if (from === undefined || to === undefined) outside.push(`$c !== ${part.charCodeAt(0)}`);
    else if (from <= to) outside.push(logical('||', [`$c < ${from.charCodeAt(0)}`, `$c > ${to.charCodeAt(0)}`]));
    else return undefined;
  }
  const bounds = exact !== undefined ? [`$s.length !== ${exact}`] : min === undefined ? (plus === undefined ? [] : ['$s.length === 0']) : [...(min === '0' ? [] : [`$s.length < ${min}`]), ...(max === '' || max === undefined ? [] : [`$s.length > ${max}`])];
  if (min !== undefined && max !== undefined && max !== '' && Number(min) > Number(max)) return undefined;
  return { length: bounds.length === 0 ? undefined : logical('||', bounds), outside: logical('&&', outside) };
}

/** The function of a simple pattern (see simplePattern), at module level; `typed`: with annotations. */
export function patternFunction(name: string, pattern: string, simple: SimplePattern, typed = true): string[] {
  const w = new Writer();
  w.line(`// The pattern ${literal(pattern)} (u), by character codes.`);
  w.open(typed ? `function ${name}($s: string): boolean {` : `function ${name}($s) {`);
  if (simple.length !== undefined) w.branches([{ test: simple.length, then: 'return false' }]);
  w.open('for (let $i = 0; $i < $s.length; $i++) {');
  w.line('const $c = $s.charCodeAt($i);');
  w.branches([{ test: simple.outside, then: 'return false' }]);
  w.close();
  w.line('return true;');
  w.close();
  return [...w.written];
}

type Presence = 'required' | 'optional' | 'value';

/** Emits the checks of one function body; names its locals `$0`, `$i1`, `$k2`, `$r3` uniquely. */
class FunctionEmitter {
  private counter = 0;

  /** `owner`: the checker this body belongs to, which names its helpers (see properties). */
  constructor(
    readonly module: ModuleContext,
    private w: Writer,
    private readonly owner: string,
    private readonly helpers = { count: 0 },
  ) {}

  /** The lines `write` emits, one level deeper than the current line, without emitting them. */
  private capture(write: () => void): readonly string[] {
    const outer = this.w;
    this.w = new Writer(outer.indent.length / 2 + 1);
    write();
    const lines = this.w.written;
    this.w = outer;
    return lines;
  }

  local(prefix = ''): string {
    return `$${prefix}${this.counter++}`;
  }

  /** Checks the value in the variable `v` at `path` against `shape`; `label` names objects in messages. */
  value(shape: Shape, v: string, path: Path, presence: Presence, label: string): void {
    if (shape.kind === 'ref') return this.ref(shape.name, shape.nullable, v, path, presence);
    const p = pathCode(path);
    const type = typeTest(shape, v);
    const wrong = report('wrongType', [p, literal(type.expected + (shape.nullable ? ' or null' : '')), v]);
    const missing = report('missing', [p]);
    const body = this.capture(() => this.typedBody(shape, v, path, label));
    const { w } = this;
    if (body.length === 0) {
      const also = [...(presence === 'optional' ? [`${v} !== undefined`] : []), ...(shape.nullable ? [`${v} !== null`] : [])];
      const wrongWhen = { test: logical('&&', [type.negated, ...also]), then: wrong };
      return w.branches(presence === 'required' ? [{ test: `${v} === undefined`, then: missing }, wrongWhen] : [wrongWhen]);
    }
    const checked = { test: type.test, then: () => w.lines(body) };
    if (presence === 'required') w.branches([checked, { test: `${v} === undefined`, then: missing }, shape.nullable ? { test: `${v} !== null`, then: wrong } : { then: wrong }]);
    else if (presence === 'optional') w.branches([checked, { test: logical('&&', [`${v} !== undefined`, ...(shape.nullable ? [`${v} !== null`] : [])]), then: wrong }]);
    else w.branches([checked, shape.nullable ? { test: `${v} !== null`, then: wrong } : { then: wrong }]);
  }

  private ref(name: string, nullable: boolean, v: string, path: Path, presence: Presence): void {
    const { w } = this;
    const p = pathCode(path);
    const checker = this.module.typeCheckers.get(name);
    if (checker === undefined) throw new Error(`IR invariant broken: ref to unknown shared type ${JSON.stringify(name)}`);
    const callChecker = (): void => w.print({ left: '$e', right: call(checker, [v, p, '$e']) }, '', ';');
    const typed = nullable ? this.module.nullTolerantTest(name, v) : undefined;
    const check = typed === undefined ? callChecker : (): void => w.branches([{ test: typed.test, then: callChecker }, { then: report('wrongType', [p, literal(`${typed.expected} or null`), v]) }]);
    const guards = [...(presence === 'optional' ? [`${v} !== undefined`] : []), ...(nullable ? [`${v} !== null`] : [])];
    if (presence === 'required') w.branches([{ test: `${v} === undefined`, then: report('missing', [p]) }, nullable ? { test: `${v} !== null`, then: check } : { then: check }]);
    else if (guards.length > 0) w.branches([{ test: logical('&&', guards), then: check }]);
    else check();
  }

  private typedBody(shape: Exclude<Shape, { kind: 'ref' }>, v: string, path: Path, label: string): void {
    switch (shape.kind) {
      case 'string':
        return this.stringBody(shape, v, pathCode(path));
      case 'number':
        return this.numberBody(shape, v, pathCode(path));
      case 'boolean':
        if (shape.const !== undefined) this.when(`${v} !== ${shape.const}`, report('notInEnum', [pathCode(path), literal(`must be ${shape.const}`)]));
        return;
      case 'array':
        return this.arrayBody(shape, v, path, label);
      case 'object':
        return this.objectBody(shape, v, path, label);
    }
  }

  /** `if (test) then;`, braced when too long for a line. */
  private when(test: Code, then: Code): void {
    this.w.branches([{ test, then }]);
  }

  private stringBody(shape: StringShape, v: string, p: Code): void {
    if (shape.const !== undefined) this.when(compare(v, '!==', literal(shape.const)), report('notInEnum', [p, literal(`must be ${JSON.stringify(shape.const)}`)]));
    if (shape.enum !== undefined) this.enumCheck(shape.enum.map(literal), v, p, oneOf(shape.enum));
    const min = shape.minLength ?? 0;
    if (min === 1) this.when(`${v}.length === 0`, report('constraint', [p, literal('must not be empty')]));
    else if (min > 1) this.when(logical('&&', [`${v}.length < ${2 * min}`, `$v.codePointLength(${v}) < ${min}`]), report('constraint', [p, literal(`must be at least ${min} characters`)]));
    if (shape.maxLength !== undefined) {
      const max = shape.maxLength;
      this.when(logical('&&', [`${v}.length > ${max}`, `$v.codePointLength(${v}) > ${max}`]), report('constraint', [p, literal(`must be at most ${max} character${max === 1 ? '' : 's'}`)]));
    }
    if (shape.pattern !== undefined) this.when(`!${this.module.patternTest(shape.pattern, v)}`, report('constraint', [p, literal(`must match pattern ${shape.pattern}`)]));
    if (shape.format !== undefined) {
      this.module.usesFormats = true;
      const format = FORMATS[shape.format];
      this.when(`!${format.check}(${v})`, report('constraint', [p, literal(format.message)]));
    }
  }

  private numberBody(shape: NumberShape, v: string, p: Code): void {
    if (shape.const !== undefined) this.when(compare(v, '!==', numberLiteral(shape.const)), report('notInEnum', [p, literal(`must be ${shape.const}`)]));
    if (shape.enum !== undefined) this.enumCheck(shape.enum.map(numberLiteral), v, p, oneOf(shape.enum));
    const bounds: readonly (readonly [number | undefined, string, string])[] = [
      [shape.minimum, '<', 'at least'],
      [shape.maximum, '>', 'at most'],
      [shape.exclusiveMinimum, '<=', 'greater than'],
      [shape.exclusiveMaximum, '>=', 'less than'],
    ];
    for (const [bound, fails, words] of bounds) {
      if (bound !== undefined) this.when(compare(v, fails, numberLiteral(bound)), report('constraint', [p, literal(`must be ${words} ${bound}`)]));
    }
    if (shape.multipleOf !== undefined) {
      this.when(`!$v.isMultipleOf(${v}, ${numberLiteral(shape.multipleOf)})`, report('constraint', [p, literal(`must be a multiple of ${shape.multipleOf}`)]));
    }
  }

  /** `if (v !== a && v !== b ...) report;`; a long list is a switch (the same tests in the same order). */
  private enumCheck(values: readonly string[], v: string, p: Code, message: string): void {
    const notInEnum = report('notInEnum', [p, literal(message)]);
    if (values.length <= CHAIN_LIMIT) return this.when(logical('&&', values.map((value) => compare(v, '!==', value))), notInEnum);
    this.cases(v, values, 'break;', notInEnum);
  }

  /** `switch (v) { case a: case b: then; default: otherwise }`, without `default` when no `otherwise` is given. */
  private cases(v: string, values: readonly string[], then: string, otherwise?: Code): void {
    const { w } = this;
    w.open(`switch (${v}) {`);
    for (const value of values) w.line(`case ${value}:`);
    w.indented(() => w.line(then));
    if (otherwise !== undefined) {
      w.line('default:');
      w.indented(() => w.print(otherwise, '', ';'));
    }
    w.close();
  }

  private arrayBody(shape: ArrayShape, v: string, path: Path, label: string): void {
    const p = pathCode(path);
    if (shape.minItems !== undefined && shape.minItems > 0) {
      this.when(`${v}.length < ${shape.minItems}`, report('constraint', [p, literal(`must have at least ${shape.minItems} item${shape.minItems === 1 ? '' : 's'}`)]));
    }
    if (shape.maxItems !== undefined) {
      this.when(`${v}.length > ${shape.maxItems}`, report('constraint', [p, literal(`must have at most ${shape.maxItems} item${shape.maxItems === 1 ? '' : 's'}`)]));
    }
    if (shape.uniqueItems) this.when(`!$v.allUnique(${v})`, report('constraint', [p, literal('must not contain duplicate items')]));
    const i = this.local('i');
    const item = this.local();
    this.w.open(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`);
    this.w.line(`const ${this.module.param(item, 'unknown')} = ${v}[${i}];`);
    this.value(shape.items, item, [...path, '/', { code: i }], 'value', `${label}[]`);
    this.w.close();
  }

  private objectBody(shape: Pick<ObjectShape, 'properties' | 'additionalProperties'>, v: string, path: Path, label: string): void {
    this.properties(shape.properties, v, path, label);
    if (!shape.additionalProperties) {
      this.closed(
        shape.properties.map((p) => p.name),
        v,
        path,
        `is not a property of ${label}`,
      );
    }
  }

  properties(properties: readonly Property[], v: string, path: Path, label: string): void {
    if (properties.length <= PROPERTIES_PER_FUNCTION) return this.inline(properties, v, path, label);
    for (let start = 0; start < properties.length; start += PROPERTIES_PER_FUNCTION) {
      // The checker's name, a `$` (never in a checker's own name) and a count.
      const name = `${this.owner}$${this.helpers.count++}`;
      const w = new Writer();
      w.open(this.module.signature(`function ${name}`, [['o', '$v.Fields'], ['$p', 'string'], ['$e', '$v.Violations']], '$v.Violations'));
      new FunctionEmitter(this.module, w, this.owner, this.helpers).inline(properties.slice(start, start + PROPERTIES_PER_FUNCTION), 'o', [{ code: '$p' }], label);
      w.line('return $e;');
      w.close();
      this.module.helpers.push(w.written);
      this.w.print({ left: '$e', right: call(name, [v, pathCode(path), '$e']) }, '', ';');
    }
  }

  private inline(properties: readonly Property[], v: string, path: Path, label: string): void {
    for (const property of properties) {
      const x = this.local();
      const key = literal(property.name);
      // `o['key']` below its `=` when too long (prettier's layout for a member lookup), then broken inside its brackets.
      const read: Code = isInheritedName(property.name) ? { left: `const ${x}`, right: call('$v.own', [v, key]) } : { left: `const ${x}`, right: { open: `${v}[`, list: [key], close: ']', comma: false }, breakAfter: true };
      this.w.print(read, '', ';');
      this.value(property.shape, x, [...path, `/${pointerSegment(property.name)}`], property.required ? 'required' : 'optional', `${label}.${property.name}`);
    }
  }

  /** Reports every key of the object in `v` that is not one of `known`. */
  closed(known: readonly string[], v: string, path: Path, message: string): void {
    const { w } = this;
    const k = this.local('k');
    const unexpected = report('unexpected', [pathCode(path), k, literal(message)]);
    const loop = `for (const ${k} in ${v})`;
    // `for (...) statement;` when it fits; else braced (prettier would move the statement below).
    if (known.length === 0 && fits(`${w.indent}${loop} ${flat(unexpected)};`)) return w.line(`${loop} ${flat(unexpected)};`);
    w.open(`${loop} {`);
    const keys = known.map(literal);
    if (known.length > 0 && known.length <= CHAIN_LIMIT) w.branches([{ test: logical('||', keys.map((key) => compare(k, '===', key))), then: 'continue' }]);
    else if (known.length > 0) this.cases(k, keys, 'continue;');
    w.print(unexpected, '', ';');
    w.close();
  }
}

/** `must be one of: ios, android, "smart tv"`: words as they are, anything else quoted; long lists cut. */
function oneOf(values: readonly (string | number)[]): string {
  const shown = values.slice(0, 20).map((x) => (typeof x === 'number' || /^[\p{L}\p{N}_.:+-]+$/u.test(x) ? String(x) : JSON.stringify(x)));
  return `must be one of: ${shown.join(', ')}${values.length > shown.length ? `, ... (${values.length - shown.length} more)` : ''}`;
}

function typeTest(shape: Exclude<Shape, { kind: 'ref' }>, v: string): { readonly test: Code; readonly negated: Code; readonly expected: string } {
  switch (shape.kind) {
    case 'string':
      return { test: `typeof ${v} === 'string'`, negated: `typeof ${v} !== 'string'`, expected: 'a string' };
    case 'number': {
      const check = shape.integer ? 'Number.isInteger' : 'Number.isFinite';
      return { test: logical('&&', [`typeof ${v} === 'number'`, `${check}(${v})`]), negated: logical('||', [`typeof ${v} !== 'number'`, `!${check}(${v})`]), expected: shape.integer ? 'an integer' : 'a number' };
    }
    case 'boolean':
      return { test: `typeof ${v} === 'boolean'`, negated: `typeof ${v} !== 'boolean'`, expected: 'a boolean' };
    case 'array':
      return { test: `Array.isArray(${v})`, negated: `!Array.isArray(${v})`, expected: 'an array' };
    case 'object':
      return { test: `$v.isObject(${v})`, negated: `!$v.isObject(${v})`, expected: 'an object' };
  }
}

/**
 * A shared type's checker takes the value's path and the violations so far, and returns them with
 * its own added: no intermediate list to copy, and the path is joined only for a violation.
 */
function emitTypeChecker(module: ModuleContext, type: SharedType): readonly string[] {
  const w = new Writer();
  const name = module.typeCheckers.get(type.name) ?? '';
  w.open(module.signature(`function ${name}`, [['x', 'unknown'], ['$p', 'string'], ['$e', '$v.Violations']], '$v.Violations'));
  if (type.shape.kind === 'ref') {
    // An alias: the other type's checker, null aside (and the wrong type said with "or null").
    const typed = type.shape.nullable ? module.nullTolerantTest(type.shape.name, 'x') : undefined;
    if (type.shape.nullable) w.line('if (x === null) return $e;');
    if (typed !== undefined) w.branches([{ test: typed.negated, then: `return ${flat(call('$v.wrongType', ['$e', '$p', literal(`${typed.expected} or null`), 'x']))}` }]);
    w.print(call(module.typeCheckers.get(type.shape.name) ?? '', ['x', '$p', '$e']), 'return ', ';');
    w.close();
    return w.written;
  }
  new FunctionEmitter(module, w, name).value(type.shape, 'x', [{ code: '$p' }], 'value', type.name);
  w.line('return $e;');
  w.close();
  return w.written;
}

function checkerName(event: EventDef, index: number): string {
  const name = internalName('check', event.names.eventType, index);
  return name.length <= '$check_'.length + MAX_NAME_STEM ? name : `$check_${index}`;
}

function emitEventChecker(module: ModuleContext, event: EventDef, name: string): readonly string[] {
  const w = new Writer();
  const f = new FunctionEmitter(module, w, name);
  w.open(module.signature(`function ${name}`, [['input', 'unknown']], '$v.Violations'));
  w.line("if (!$v.isObject(input)) return $v.wrongType(undefined, '', 'an object', input);");
  // The envelope is the same for every event but for the name and identity rule: one runtime helper.
  w.print({ left: 'let $e', right: call('$v.envelope', ['input', literal(event.name), literal(event.identity)]) }, '', ';');
  w.line("const $properties = input['properties'];");
  const properties: ObjectShape = { kind: 'object', nullable: false, annotations: { pii: false }, properties: event.properties, additionalProperties: event.additionalProperties };
  f.value(properties, '$properties', ['/properties'], event.properties.some((p) => p.required) ? 'required' : 'optional', event.name);
  w.line('return $v.envelopeExtras($e, input);');
  w.close();
  return w.written;
}

function emitEventExports(module: ModuleContext, event: EventDef, checker: string): readonly string[] {
  const type = event.names.eventType;
  const w = new Writer();
  w.open(module.signature(`export function ${event.names.validate}`, [['input', 'unknown']], `$v.ValidationResult<${type}>`));
  w.print(call(`$v.result<${type}>`, ['input', call(checker, ['input'])]), 'return ', ';');
  w.close();
  w.blank();
  w.open(module.signature(`export function ${event.names.guard}`, [['input', 'unknown']], `input is ${type}`));
  // Fits: checker names are at most MAX_NAME_STEM characters past `$check_`.
  w.line(`return ${checker}(input) === undefined;`);
  w.close();
  return w.written;
}

function emitDispatch(taxonomy: Taxonomy, checkers: readonly string[]): readonly string[] {
  const w = new Writer();
  const result = (check: Code): Code => call('$v.result<FloKitEvent>', ['input', check]);
  w.open('export function validateEvent(input: unknown): $v.ValidationResult<FloKitEvent> {');
  w.branches([{ test: '!$v.isObject(input)', then: `return ${flat(result("$v.wrongType(undefined, '', 'an object', input)"))}` }]);
  w.line("const $event = input['event'];");
  w.open('switch ($event) {');
  taxonomy.events.forEach((e, i) => {
    w.line(`case ${literal(e.name)}:`);
    w.indented(() => w.print(result(call(checkers[i] ?? '', ['input'])), 'return ', ';'));
  });
  w.line('default:');
  w.indented(() => w.print(result(call('$v.unknownEvent', ['$event', literal(taxonomy.name)])), 'return ', ';'));
  w.close();
  w.close();
  w.blank();
  w.open('export function isFloKitEvent(input: unknown): input is FloKitEvent {');
  w.line('return validateEvent(input).valid;');
  w.close();
  return w.written;
}

/**
 * The checker of one event as the body of a plain JavaScript function of `$v` (runtime/validation)
 * and `$f` (runtime/formats) that returns it: the very code validators.ts holds for the event, its
 * pattern and shared-type checkers included, without annotations. `flokit-gen validate` compiles
 * it in memory, so the CLI judges with the generated validators' code and words.
 * @example
 * const check = new Function('$v', '$f', emitEventCheckerScript(taxonomy, event))(validation, formats);
 * check(payload); // undefined when valid, else the violations
 */
export function emitEventCheckerScript(taxonomy: Taxonomy, event: EventDef): string {
  const module = new ModuleContext(taxonomy, false);
  const checker = emitEventChecker(module, event, '$check');
  const types = reachableTypes(event.properties.map((p) => p.shape), taxonomy.types).flatMap((t) => emitTypeChecker(module, t));
  const regexes = [...module.patterns].flatMap(([pattern, { name, simple }]) => (simple === undefined ? [`const ${name} = new RegExp(${literal(pattern)}, 'u');`] : patternFunction(name, pattern, simple, false)));
  return [...regexes, ...module.helpers.flat(), ...types, ...checker, 'return $check;'].join('\n');
}

/**
 * The source of `generated/validators.ts` for a taxonomy's IR, printed formatted (prettier leaves
 * it as it is). Deterministic: the same IR gives the same bytes.
 */
export function emitValidators(taxonomy: Taxonomy, pieces?: EventMemo): string {
  return validatorParts(taxonomy, pieces).join('');
}

/**
 * The source of `generated/validators.ts` in parts, joined by nobody (file.ts): megabytes at 1,000
 * events. `header`: lines to start the file with, each ending in a newline.
 */
export function validatorParts(taxonomy: Taxonomy, pieces?: EventMemo, header = ''): string[] {
  const module = new ModuleContext(taxonomy);
  const checkers = taxonomy.events.map(checkerName);
  // Each checker is preceded by the helpers it made.
  const withHelpers = (lines: readonly string[]): string[] => [...module.helpers.splice(0).flatMap((h) => [...h, '']), ...lines];
  const types = reachableTypes(taxonomy.events.flatMap((e) => e.properties.map((p) => p.shape)), taxonomy.types).map((t) => withHelpers(emitTypeChecker(module, t)));
  // An event's code names its checker and the shared types' checkers, besides its patterns (adopt()).
  const typeCheckers = [...module.typeCheckers.values()].join(' ');
  const events = taxonomy.events.map((event, i) => {
    const checker = checkers[i] ?? '';
    const emit = (): readonly string[] => [...withHelpers(emitEventChecker(module, event, checker)), '', ...emitEventExports(module, event, checker)];
    return eventPiece(pieces, 'validators', i, () => module.piece(emit), `${checker} ${typeCheckers}`, (piece) => module.adopt(piece)).text;
  });
  const typeNames = [...taxonomy.events.map((e) => e.names.eventType), 'FloKitEvent'];
  const patterns = [...module.patterns];
  const regexes = patterns.filter(([, { simple }]) => simple === undefined);
  const sections: string[] = [
    [
      '// Validators for every event of the taxonomy: each checks a payload as ajv checks it against the',
      "// event's JSON Schema in schemas/, and reports every violation with a JSON pointer to it.",
      ...(module.usesFormats ? ["import * as $f from './runtime/formats.js';"] : []),
      "import * as $v from './runtime/validation.js';",
      ...layout({ open: 'import type {', list: typeNames, close: "} from './types.js';", spaced: true }, ''),
      '',
      "export type { ValidationResult, Violation, ViolationCode } from './runtime/validation.js';",
    ].join('\n'),
    ...(regexes.length === 0 ? [] : [regexes.flatMap(([pattern, { name }]) => layout({ left: `const ${name}`, right: call('/*#__PURE__*/ new RegExp', [literal(pattern), "'u'"]) }, '', '', ';')).join('\n')]),
    ...patterns.flatMap(([pattern, { name, simple }]) => (simple === undefined ? [] : [patternFunction(name, pattern, simple).join('\n')])),
    ...types.map((lines) => lines.join('\n')),
    ...events,
    emitDispatch(taxonomy, checkers).join('\n'),
  ];
  // Sections a blank line apart, each event's code one part as the memo keeps it.
  const parts = [header];
  sections.forEach((section, i) => parts.push(i === 0 ? '' : '\n\n', section));
  parts.push('\n');
  return parts;
}
