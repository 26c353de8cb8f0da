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
// Helpers are named after their checker, so an event's code depends only on the event, the names of
// the shared types' checkers and of its patterns: it is cached by the event's content hash with
// those. In: the IR (and the artefact cache). Out: TypeScript source.
import { createHash } from 'node:crypto';
import { isInheritedName, pointerSegment } from '../../templates/runtime/validation.js';
import type { ArrayShape, EventDef, NumberShape, ObjectShape, Property, Shape, SharedType, StringFormat, StringShape, Taxonomy } from '../model/ir.js';
import { internalName } from '../model/naming.js';
import { reachableTypes } from '../model/reachable-types.js';
import { contentHashes } from './hashes.js';
import { Reuse, type ReuseOptions } from './reuse.js';

/** A string literal that is safe anywhere in TypeScript and cannot disguise the code around it. */
export function literal(text: string): string {
  // JSON escapes quotes, backslashes, C0 controls and lone surrogates; add the rest of the invisible
  // or line-breaking characters (DEL and C1 controls, format characters, U+2028/U+2029).
  return JSON.stringify(text).replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}

function numberLiteral(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

const FORMATS: Readonly<Record<StringFormat, { readonly check: string; readonly message: string }>> = {
  'date-time': { check: '$f.isDateTime', message: 'must be an RFC 3339 date-time such as 2024-03-15T14:22:00Z' },
  date: { check: '$f.isDate', message: 'must be an RFC 3339 date such as 2024-03-15' },
  email: { check: '$f.isEmail', message: 'must be an email address' },
  uri: { check: '$f.isUri', message: 'must be an absolute URI' },
  uuid: { check: '$f.isUuid', message: 'must be a UUID' },
};


/** A JSON pointer being built: constant text, and expressions (loop indexes, keys) known at run time. */
type Path = readonly (string | { readonly code: string })[];

function pathCode(path: Path): string {
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
  return pieces.join(' + ');
}

class Writer {
  readonly lines: string[] = [];
  private depth = 0;

  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
  }

  open(text: string): void {
    this.line(text);
    this.depth++;
  }

  close(text = '}'): void {
    this.depth--;
    this.line(text);
  }

  /** `if (a && b && ...) then`, wrapped when long. */
  condition(head: string, terms: readonly string[], joiner: string, tail: string): void {
    const test = `${head}(${terms.join(joiner)})`;
    if (test.length <= 100) return this.line(`${test}${tail}`);
    this.open(`${head}(`);
    let current = '';
    for (const term of terms) {
      const next = current === '' ? term : `${current}${joiner}${term}`;
      if (next.length > 100 && current !== '') {
        this.line(`${current}${joiner.trimEnd()}`);
        current = term;
      } else current = next;
    }
    this.line(current);
    this.close(`)${tail}`);
  }

  /** A fresh writer one level deeper, whose lines can be spliced into this one. */
  indented(): Writer {
    const scratch = new Writer();
    scratch.depth = this.depth + 1;
    return scratch;
  }
}

const PROPERTIES_PER_FUNCTION = 32;
// Beyond this many values, an enum or a set of known keys is a `switch`: TypeScript narrows through
// an `===` chain term by term, so 300 known keys took 3 s to type-check; as a switch, next to nothing.
const CHAIN_LIMIT = 32;

/** Everything one module shares: pattern checkers and shared-type checkers, each emitted once. */
class ModuleContext {
  /** Each pattern's checker: a function name for a simple pattern, else a module-level RegExp's. */
  readonly patterns = new Map<string, { readonly name: string; readonly simple?: SimplePattern }>();
  readonly typeCheckers = new Map<string, string>();
  /** Helper functions for chunks of properties, in the order made; each emitter takes out its own. */
  readonly helpers: string[][] = [];
  /** Whether any check calls runtime/formats.ts (the envelope's timestamp is checked in the runtime). */
  usesFormats = false;
  /** The patterns the checker being emitted tests, in the order first used (what its text depends on). */
  used = new Set<string>();
  readonly types: ReadonlyMap<string, SharedType>;

  constructor(taxonomy: Taxonomy) {
    this.types = new Map(taxonomy.types.map((t) => [t.name, t]));
    taxonomy.types.forEach((t, i) => this.typeCheckers.set(t.name, `$type_${/^[A-Za-z0-9_]+$/.test(t.typeName) ? t.typeName : i}`));
  }

  /** The test of `pattern` on the string `v`: a character-code function for simple patterns, else the regex. */
  patternTest(pattern: string, v: string): string {
    const checker = this.pattern(pattern);
    return checker.simple === undefined ? `${checker.name}.test(${v})` : `${checker.name}(${v})`;
  }

  /** The checker of `pattern`; the first use names it (so names follow the order of the module). */
  pattern(pattern: string): { readonly name: string; readonly simple?: SimplePattern } {
    this.used.add(pattern);
    let checker = this.patterns.get(pattern);
    if (checker === undefined) {
      const simple = simplePattern(pattern);
      checker = simple === undefined ? { name: `$re_${this.patterns.size}` } : { name: `$pat_${this.patterns.size}`, simple };
      this.patterns.set(pattern, checker);
    }
    return checker;
  }
}

/**
 * `^[class]{m,n}$` (or `{n}`, `+`, `*`) whose class is ASCII letters, digits, `_` and ranges of
 * them: a length test, and a test that a character code is outside the class, which give the regular
 * expression's verdict (with the `u` flag ajv uses: any character outside an ASCII class fails
 * both, so code units and code points agree) several times faster. Undefined for anything else.
 */
export interface SimplePattern {
  /** The condition on `$s.length` that fails the pattern, when there is one. */
  readonly length: string | undefined;
  /** The condition on a character code `$c` that fails it. */
  readonly outside: string;
}

export function simplePattern(pattern: string): SimplePattern | undefined {
  const match = /^\^\[([A-Za-z0-9_-]+)\](?:\{(\d{1,9})\}|\{(\d{1,9}),(\d{0,9})\}|(\+)|\*)\$$/.exec(pattern);
  if (match === null) return undefined;
  const [, body = '', exact, min, max, plus] = match;
  // Ranges of letters or digits, and single characters; a `-` is literal only first or last.
  const parts = [...body.matchAll(/([A-Za-z0-9])-([A-Za-z0-9])|^-|-$|[A-Za-z0-9_]/g)];
  if (parts.map((m) => m[0]).join('') !== body) return undefined;
  // A character is outside the class when it is outside every part.
  const outside: string[] = [];
  for (const [part, from, to] of parts) {
    if (from === undefined || to === undefined) outside.push(`$c !== ${part.charCodeAt(0)}`);
    else if (from <= to) outside.push(parts.length === 1 ? `$c < ${from.charCodeAt(0)} || $c > ${to.charCodeAt(0)}` : `($c < ${from.charCodeAt(0)} || $c > ${to.charCodeAt(0)})`);
    else return undefined;
  }
  const bounds = exact !== undefined ? [`$s.length !== ${exact}`] : min === undefined ? (plus === undefined ? [] : ['$s.length === 0']) : [...(min === '0' ? [] : [`$s.length < ${min}`]), ...(max === '' || max === undefined ? [] : [`$s.length > ${max}`])];
  if (min !== undefined && max !== undefined && max !== '' && Number(min) > Number(max)) return undefined;
  return { length: bounds.length === 0 ? undefined : bounds.join(' || '), outside: outside.join(' && ') };
}

/** The function of a simple pattern (see simplePattern). */
export function patternFunction(name: string, pattern: string, simple: SimplePattern): string[] {
  return [
    `// The pattern ${literal(pattern)} (u), by character codes.`,
    `function ${name}($s: string): boolean {`,
    ...(simple.length === undefined ? [] : [`  if (${simple.length}) return false;`]),
    '  for (let $i = 0; $i < $s.length; $i++) {',
    '    const $c = $s.charCodeAt($i);',
    `    if (${simple.outside}) return false;`,
    '  }',
    '  return true;',
    '}',
  ];
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
  private capture(write: () => void): string[] {
    const outer = this.w;
    this.w = outer.indented();
    write();
    const lines = this.w.lines;
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
    const wrong = `$e = $v.wrongType($e, ${p}, ${literal(type.expected + (shape.nullable ? ' or null' : ''))}, ${v});`;
    const notNull = shape.nullable ? ` && ${v} !== null` : '';
    const body = this.capture(() => this.typedBody(shape, v, path, label));
    const { w } = this;
    if (body.length === 0) {
      const also = `${presence === 'optional' ? ` && ${v} !== undefined` : ''}${notNull}`;
      const negated = also !== '' && type.negated.includes('||') ? `(${type.negated})` : type.negated;
      if (presence === 'required') w.line(`if (${v} === undefined) $e = $v.missing($e, ${p});`);
      w.line(`${presence === 'required' ? 'else ' : ''}if (${negated}${also}) ${wrong}`);
      return;
    }
    w.open(`if (${type.test}) {`);
    for (const line of body) w.lines.push(line);
    if (presence === 'required') {
      w.close(`} else if (${v} === undefined) $e = $v.missing($e, ${p});`);
      w.line(shape.nullable ? `else if (${v} !== null) ${wrong}` : `else ${wrong}`);
    } else if (presence === 'optional') w.close(`} else if (${v} !== undefined${notNull}) ${wrong}`);
    else w.close(shape.nullable ? `} else if (${v} !== null) ${wrong}` : `} else ${wrong}`);
  }

  private ref(name: string, nullable: boolean, v: string, path: Path, presence: Presence): void {
    const { w } = this;
    const p = pathCode(path);
    const checker = this.module.typeCheckers.get(name);
    if (checker === undefined) throw new Error(`IR invariant broken: ref to unknown shared type ${JSON.stringify(name)}`);
    const call = (): void => w.line(`$e = ${checker}(${v}, ${p}, $e);`);
    const guards = [...(presence === 'optional' ? [`${v} !== undefined`] : []), ...(nullable ? [`${v} !== null`] : [])];
    if (presence === 'required') {
      w.line(`if (${v} === undefined) $e = $v.missing($e, ${p});`);
      w.open(nullable ? `else if (${v} !== null) {` : 'else {');
    } else if (guards.length > 0) w.open(`if (${guards.join(' && ')}) {`);
    else return call();
    call();
    w.close();
  }

  private typedBody(shape: Exclude<Shape, { kind: 'ref' }>, v: string, path: Path, label: string): void {
    switch (shape.kind) {
      case 'string':
        return this.stringBody(shape, v, pathCode(path));
      case 'number':
        return this.numberBody(shape, v, pathCode(path));
      case 'boolean':
        if (shape.const !== undefined) this.w.line(`if (${v} !== ${shape.const}) $e = $v.notInEnum($e, ${pathCode(path)}, ${literal(`must be ${shape.const}`)});`);
        return;
      case 'array':
        return this.arrayBody(shape, v, path, label);
      case 'object':
        return this.objectBody(shape, v, path, label);
    }
  }

  private stringBody(shape: StringShape, v: string, p: string): void {
    const { w } = this;
    if (shape.const !== undefined) w.line(`if (${v} !== ${literal(shape.const)}) $e = $v.notInEnum($e, ${p}, ${literal(`must be ${JSON.stringify(shape.const)}`)});`);
    if (shape.enum !== undefined) this.enumCheck(shape.enum.map(literal), v, p, oneOf(shape.enum));
    const min = shape.minLength ?? 0;
    if (min === 1) w.line(`if (${v}.length === 0) $e = $v.constraint($e, ${p}, "must not be empty");`);
    else if (min > 1) w.line(`if (${v}.length < ${2 * min} && $v.codePointLength(${v}) < ${min}) $e = $v.constraint($e, ${p}, ${literal(`must be at least ${min} characters`)});`);
    if (shape.maxLength !== undefined) {
      const max = shape.maxLength;
      w.line(`if (${v}.length > ${max} && $v.codePointLength(${v}) > ${max}) $e = $v.constraint($e, ${p}, ${literal(`must be at most ${max} character${max === 1 ? '' : 's'}`)});`);
    }
    if (shape.pattern !== undefined) w.line(`if (!${this.module.patternTest(shape.pattern, v)}) $e = $v.constraint($e, ${p}, ${literal(`must match pattern ${shape.pattern}`)});`);
    if (shape.format !== undefined) {
      this.module.usesFormats = true;
      const format = FORMATS[shape.format];
      w.line(`if (!${format.check}(${v})) $e = $v.constraint($e, ${p}, ${literal(format.message)});`);
    }
  }

  private numberBody(shape: NumberShape, v: string, p: string): void {
    const { w } = this;
    if (shape.const !== undefined) w.line(`if (${v} !== ${numberLiteral(shape.const)}) $e = $v.notInEnum($e, ${p}, ${literal(`must be ${shape.const}`)});`);
    if (shape.enum !== undefined) this.enumCheck(shape.enum.map(numberLiteral), v, p, oneOf(shape.enum));
    const bounds: readonly (readonly [number | undefined, string, string])[] = [
      [shape.minimum, '<', 'at least'],
      [shape.maximum, '>', 'at most'],
      [shape.exclusiveMinimum, '<=', 'greater than'],
      [shape.exclusiveMaximum, '>=', 'less than'],
    ];
    for (const [bound, fails, words] of bounds) {
      if (bound !== undefined) w.line(`if (${v} ${fails} ${numberLiteral(bound)}) $e = $v.constraint($e, ${p}, ${literal(`must be ${words} ${bound}`)});`);
    }
    if (shape.multipleOf !== undefined) {
      w.line(`if (!$v.isMultipleOf(${v}, ${numberLiteral(shape.multipleOf)})) $e = $v.constraint($e, ${p}, ${literal(`must be a multiple of ${shape.multipleOf}`)});`);
    }
  }

  private enumCheck(values: readonly string[], v: string, p: string, message: string): void {
    const report = `$e = $v.notInEnum($e, ${p}, ${literal(message)});`;
    if (values.length <= CHAIN_LIMIT) return this.w.condition('if ', values.map((value) => `${v} !== ${value}`), ' && ', ` ${report}`);
    this.cases(v, values, 'break;', report);
  }

  /** `switch (v) { case a: case b: then; default: otherwise }`, without `default` when no `otherwise` is given. */
  private cases(v: string, values: readonly string[], then: string, otherwise?: string): void {
    const { w } = this;
    w.open(`switch (${v}) {`);
    for (const value of values) w.line(`case ${value}:`);
    w.line(`  ${then}`);
    if (otherwise !== undefined) {
      w.line('default:');
      w.line(`  ${otherwise}`);
    }
    w.close();
  }

  private arrayBody(shape: ArrayShape, v: string, path: Path, label: string): void {
    const { w } = this;
    const p = pathCode(path);
    if (shape.minItems !== undefined && shape.minItems > 0) {
      w.line(`if (${v}.length < ${shape.minItems}) $e = $v.constraint($e, ${p}, ${literal(`must have at least ${shape.minItems} item${shape.minItems === 1 ? '' : 's'}`)});`);
    }
    if (shape.maxItems !== undefined) {
      w.line(`if (${v}.length > ${shape.maxItems}) $e = $v.constraint($e, ${p}, ${literal(`must have at most ${shape.maxItems} item${shape.maxItems === 1 ? '' : 's'}`)});`);
    }
    if (shape.uniqueItems) w.line(`if (!$v.allUnique(${v})) $e = $v.constraint($e, ${p}, "must not contain duplicate items");`);
    const i = this.local('i');
    const item = this.local();
    w.open(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`);
    w.line(`const ${item}: unknown = ${v}[${i}];`);
    this.value(shape.items, item, [...path, '/', { code: i }], 'value', `${label}[]`);
    w.close();
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
      // The checker's name, a `$` (never in a checker's own name) and a count: helper names depend on
      // nothing outside their checker, so a cached checker stays valid beside any other.
      const name = `${this.owner}$${this.helpers.count++}`;
      const w = new Writer();
      w.open(`function ${name}(o: $v.Fields, $p: string, $e: $v.Violations): $v.Violations {`);
      new FunctionEmitter(this.module, w, this.owner, this.helpers).inline(properties.slice(start, start + PROPERTIES_PER_FUNCTION), 'o', [{ code: '$p' }], label);
      w.line('return $e;');
      w.close();
      this.module.helpers.push(w.lines);
      this.w.line(`$e = ${name}(${v}, ${pathCode(path)}, $e);`);
    }
  }

  private inline(properties: readonly Property[], v: string, path: Path, label: string): void {
    for (const property of properties) {
      const x = this.local();
      const key = literal(property.name);
      this.w.line(`const ${x} = ${isInheritedName(property.name) ? `$v.own(${v}, ${key})` : `${v}[${key}]`};`);
      this.value(property.shape, x, [...path, `/${pointerSegment(property.name)}`], property.required ? 'required' : 'optional', `${label}.${property.name}`);
    }
  }

  /** Reports every key of the object in `v` that is not one of `known`. */
  closed(known: readonly string[], v: string, path: Path, message: string): void {
    const { w } = this;
    const k = this.local('k');
    const report = `$e = $v.unexpected($e, ${pathCode(path)}, ${k}, ${literal(message)});`;
    if (known.length === 0) return w.line(`for (const ${k} in ${v}) ${report}`);
    w.open(`for (const ${k} in ${v}) {`);
    if (known.length <= CHAIN_LIMIT) w.condition('if ', known.map((name) => `${k} === ${literal(name)}`), ' || ', ' continue;');
    else this.cases(k, known.map(literal), 'continue;');
    w.line(report);
    w.close();
  }
}

/** `must be one of: ios, android, "smart tv"`: words as they are, anything else quoted; long lists cut. */
function oneOf(values: readonly (string | number)[]): string {
  const shown = values.slice(0, 20).map((x) => (typeof x === 'number' || /^[\p{L}\p{N}_.:+-]+$/u.test(x) ? String(x) : JSON.stringify(x)));
  return `must be one of: ${shown.join(', ')}${values.length > shown.length ? `, ... (${values.length - shown.length} more)` : ''}`;
}

function typeTest(shape: Exclude<Shape, { kind: 'ref' }>, v: string): { readonly test: string; readonly negated: string; readonly expected: string } {
  switch (shape.kind) {
    case 'string':
      return { test: `typeof ${v} === "string"`, negated: `typeof ${v} !== "string"`, expected: 'a string' };
    case 'number':
      return shape.integer
        ? { test: `typeof ${v} === "number" && Number.isInteger(${v})`, negated: `typeof ${v} !== "number" || !Number.isInteger(${v})`, expected: 'an integer' }
        : { test: `typeof ${v} === "number" && Number.isFinite(${v})`, negated: `typeof ${v} !== "number" || !Number.isFinite(${v})`, expected: 'a number' };
    case 'boolean':
      return { test: `typeof ${v} === "boolean"`, negated: `typeof ${v} !== "boolean"`, expected: 'a boolean' };
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
function emitTypeChecker(module: ModuleContext, type: SharedType): string[] {
  const w = new Writer();
  const name = module.typeCheckers.get(type.name) ?? '';
  w.open(`function ${name}(x: unknown, $p: string, $e: $v.Violations): $v.Violations {`);
  if (type.shape.kind === 'ref') {
    // An alias: the other type's checker, null aside.
    const target = `${module.typeCheckers.get(type.shape.name) ?? ''}(x, $p, $e)`;
    w.line(`return ${type.shape.nullable ? `x === null ? $e : ${target}` : target};`);
    w.close();
    return w.lines;
  }
  new FunctionEmitter(module, w, name).value(type.shape, 'x', [{ code: '$p' }], 'value', type.name);
  w.line('return $e;');
  w.close();
  return w.lines;
}

function checkerName(event: EventDef, index: number): string {
  return internalName('check', event.names.eventType, index);
}

function emitEventChecker(module: ModuleContext, event: EventDef, name: string): string[] {
  const w = new Writer();
  const f = new FunctionEmitter(module, w, name);
  w.open(`function ${name}(input: unknown): $v.Violations {`);
  w.line('if (!$v.isObject(input)) return $v.wrongType(undefined, "", "an object", input);');
  // The envelope is the same for every event but for the name and identity rule: one runtime helper.
  w.line(`let $e = $v.envelope(input, ${literal(event.name)}, ${literal(event.identity)});`);
  w.line('const $properties = input["properties"];');
  const properties: ObjectShape = { kind: 'object', nullable: false, annotations: { pii: false }, properties: event.properties, additionalProperties: event.additionalProperties };
  f.value(properties, '$properties', ['/properties'], event.properties.some((p) => p.required) ? 'required' : 'optional', event.name);
  w.line('return $v.envelopeExtras($e, input);');
  w.close();
  return w.lines;
}

function emitEventExports(event: EventDef, checker: string): string[] {
  const type = event.names.eventType;
  return [
    `export function ${event.names.validate}(input: unknown): $v.ValidationResult<${type}> {`,
    `  return $v.result<${type}>(input, ${checker}(input));`,
    '}',
    '',
    `export function ${event.names.guard}(input: unknown): input is ${type} {`,
    `  return ${checker}(input) === undefined;`,
    '}',
  ];
}

function emitDispatch(taxonomy: Taxonomy, checkers: readonly string[]): string[] {
  return [
    'export function validateEvent(input: unknown): $v.ValidationResult<FloKitEvent> {',
    '  if (!$v.isObject(input)) return $v.result<FloKitEvent>(input, $v.wrongType(undefined, "", "an object", input));',
    '  const $event = input["event"];',
    '  switch ($event) {',
    ...taxonomy.events.flatMap((e, i) => [`    case ${literal(e.name)}:`, `      return $v.result<FloKitEvent>(input, ${checkers[i] ?? ''}(input));`]),
    '    default:',
    `      return $v.result<FloKitEvent>(input, $v.unknownEvent($event, ${literal(taxonomy.name)}));`,
    '  }',
    '}',
    '',
    'export function isFloKitEvent(input: unknown): input is FloKitEvent {',
    '  return validateEvent(input).valid;',
    '}',
  ];
}

function importTypes(names: readonly string[]): string[] {
  const line = `import type { ${names.join(', ')} } from './types.js';`;
  return line.length <= 120 ? [line] : ['import type {', ...names.map((n) => `  ${n},`), "} from './types.js';"];
}

/** The source of `generated/validators.ts`. Deterministic: the same IR gives the same bytes. */
export function emitValidators(taxonomy: Taxonomy, options: ReuseOptions = {}): string {
  const module = new ModuleContext(taxonomy);
  const hashes = options.hashes ?? contentHashes(taxonomy);
  const reuse = options.reuse ?? new Reuse();
  const checkers = taxonomy.events.map(checkerName);
  // Each checker is preceded by the helpers it made.
  const withHelpers = (emit: () => string[]): string[] => {
    const lines = emit();
    return [...module.helpers.splice(0).flatMap((h) => [...h, '']), ...lines];
  };
  const types = reachableTypes(taxonomy.events.flatMap((e) => e.properties.map((p) => p.shape)), taxonomy.types).map((t) => withHelpers(() => emitTypeChecker(module, t)));
  // An event's code is cached with what else it depends on: its checker's name, the shared types'
  // checkers' names, and the names its patterns get (replayed in the order it first used them).
  const typeCheckers = createHash('sha256').update(JSON.stringify([...module.typeCheckers])).digest('base64url');
  const events = taxonomy.events.map((event, i) => {
    const checker = checkers[i] ?? '';
    const key = `validators:${hashes.events[i] ?? ''}:${checker}:${typeCheckers}`;
    const cached = reuse.get(key);
    if (cached !== undefined) {
      const chunk = cachedChunk(module, cached);
      if (chunk !== undefined) return chunk;
    }
    module.used = new Set();
    const formats = module.usesFormats;
    module.usesFormats = false;
    const text = [...withHelpers(() => emitEventChecker(module, event, checker)), '', ...emitEventExports(event, checker)].join('\n');
    const meta: ChunkMeta = { patterns: [...module.used].map((pattern) => [pattern, module.pattern(pattern).name]), formats: module.usesFormats };
    module.usesFormats ||= formats;
    reuse.set(key, `${JSON.stringify(meta)}\n${text}`);
    return text;
  });
  const typeNames = [...taxonomy.events.map((e) => e.names.eventType), 'FloKitEvent'];
  const patterns = [...module.patterns];
  const regexes = patterns.filter(([, { simple }]) => simple === undefined);
  const sections = [
    [
      '// Validators for every event of the taxonomy: each checks a payload as ajv checks it against the',
      "// event's JSON Schema in schemas/, and reports every violation with a JSON pointer to it.",
      ...(module.usesFormats ? ["import * as $f from './runtime/formats.js';"] : []),
      "import * as $v from './runtime/validation.js';",
      ...importTypes(typeNames),
      '',
      "export type { ValidationResult, Violation, ViolationCode } from './runtime/validation.js';",
    ],
    ...(regexes.length === 0 ? [] : [regexes.map(([pattern, { name }]) => `const ${name} = /*#__PURE__*/ new RegExp(${literal(pattern)}, "u");`)]),
    ...patterns.flatMap(([pattern, { name, simple }]) => (simple === undefined ? [] : [patternFunction(name, pattern, simple)])),
    ...types,
    ...events.map((text) => [text]),
    emitDispatch(taxonomy, checkers),
  ];
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

/** What a cached event's code needs from the module: its patterns' names, and whether it checks formats. */
interface ChunkMeta {
  readonly patterns: readonly (readonly [string, string])[];
  readonly formats: boolean;
}

/** The cached code, when its patterns get the same names here as when it was emitted (and it reads). */
function cachedChunk(module: ModuleContext, cached: string): string | undefined {
  const split = cached.indexOf('\n');
  let meta: ChunkMeta;
  try {
    meta = JSON.parse(cached.slice(0, split)) as ChunkMeta;
  } catch {
    return undefined; // an entry damaged on disk is a miss, never an error
  }
  // Registering them in the order first used names them as emitting the code would.
  if (!meta.patterns.every(([pattern, name]) => module.pattern(pattern).name === name)) return undefined;
  module.usesFormats ||= meta.formats;
  return cached.slice(split + 1);
}
