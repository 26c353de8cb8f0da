// Value checks the format schema cannot express, run on the merged raw taxonomy: names and strings
// YAML 1.1 would misread, configured limits, bounds no value satisfies, empty or duplicate enums,
// unsafe patterns, and `required` where it has no meaning. References and names are the model's job.
// In: a RawTaxonomy. Out: diagnostics.
import { diagnostic, firstInvisible, type Diagnostic, type DiagnosticCode } from '../diagnostics.js';
import { BUILTIN_TYPES } from './format-schema.js';
import { describe } from './check-shape.js';
import type { LoadLimits } from './limits.js';
import { checkPattern } from './pattern-safety.js';
import type { RawEntry, RawProperty, RawPropertyObject, RawTaxonomy } from './raw.js';
import { locate, lostItems, originalIndex, pointerOf, type JsonValue, type ParsedFile } from './source-map.js';
import { yaml11Reading } from './yaml11.js';

type Context = 'property' | 'type' | 'items';

class ValueChecker {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly limits: LoadLimits) {}

  report(code: DiagnosticCode, file: ParsedFile, path: readonly string[], message: string, hint?: string, which: 'key' | 'value' = 'value'): void {
    this.diagnostics.push(diagnostic(code, locate(file, path, which), message, hint));
  }

  /** A mapping key used as a name: it must be a string to every YAML reader, and not too long. */
  name(file: ParsedFile, path: readonly string[], noun: string): void {
    const info = file.nodes.get(pointerOf(path));
    const name = path[path.length - 1] ?? '';
    const written = info?.keySource ?? name;
    // A key YAML 1.2 itself resolves to a non-string (`1.50:`, `null:`) is misread by every tool.
    const byYaml12 = info?.keyPlain === true && typeof info.keyScalar !== 'string';
    const reading = info?.keyPlain !== true ? undefined : byYaml12 ? readingOf(info.keyScalar) : yaml11Reading(written);
    if (reading !== undefined) {
      this.report('yaml-ambiguous-scalar', file, path, `${noun} name \`${written}\` is read as ${reading} by ${byYaml12 ? 'YAML' : 'YAML 1.1 tools'}`, `quote it: "${written}"`, 'key');
    }
    if ([...name].length > this.limits.maxNameLength) {
      this.report('name-too-long', file, path, `${noun} name is ${[...name].length} characters, over the limit of ${this.limits.maxNameLength}`, 'shorten the name, or raise limits.maxNameLength', 'key');
    }
  }

  /** A string value that must not be read differently by a YAML 1.1 tool. */
  text(file: ParsedFile, path: readonly string[], what: string, hint?: (source: string) => string): void {
    const info = file.nodes.get(pointerOf(path));
    const source = info?.plain === true ? info.source : undefined;
    const reading = source === undefined ? undefined : yaml11Reading(source);
    if (source === undefined || reading === undefined) return;
    this.report('yaml-ambiguous-scalar', file, path, `${what} \`${source}\` is read as ${reading} by YAML 1.1 tools`, hint?.(source) ?? `quote it: "${source}"`);
  }

  properties(file: ParsedFile, path: readonly string[], props: Readonly<Record<string, RawProperty>> | undefined, depth: number): void {
    if (props === undefined) return;
    const names = Object.keys(props);
    if (names.length > this.limits.maxProperties) {
      this.report('limit-exceeded', file, path, `${describe(path)} has ${names.length} properties, over the limit of ${this.limits.maxProperties}`, 'raise limits.maxProperties', 'key');
    }
    for (const name of names) {
      this.name(file, [...path, name], 'property');
      this.property(file, [...path, name], props[name] as RawProperty, 'property', depth);
    }
  }

  property(file: ParsedFile, path: readonly string[], spec: RawProperty, context: Context, depth: number): void {
    if (typeof spec === 'string') return;
    if (depth > this.limits.maxDepth) {
      this.report('limit-exceeded', file, path, `nested ${depth} levels deep, over the limit of ${this.limits.maxDepth}`, 'flatten the structure, or raise limits.maxDepth', 'key');
      return;
    }
    if (spec.required !== undefined && context !== 'property') {
      const where = context === 'type' ? 'a shared type' : 'array items';
      this.report('keyword-not-applicable', file, [...path, 'required'], `\`required\` has no meaning on ${where}`, 'mark `required` on the property that uses it', 'key');
    }
    if (spec.renamedFrom !== undefined && context !== 'property') {
      const where = context === 'type' ? 'a shared type' : 'array items';
      this.report('keyword-not-applicable', file, [...path, 'renamedFrom'], `\`renamedFrom\` has no meaning on ${where}: only events and properties have wire names`, 'put `renamedFrom` on the renamed property', 'key');
    }
    this.previousNames(file, path, spec.renamedFrom);
    this.bounds(file, path, spec);
    this.enumValues(file, path, spec);
    if (spec.const !== undefined) this.value(file, [...path, 'const'], spec.const, 'const value');
    // Any plain string example may be misread, whatever the type, at any depth.
    spec.examples?.forEach((value, i) => this.value(file, [...path, 'examples', String(originalIndex(spec.examples ?? [], i))], value, 'example'));
    this.annotationTexts(file, path, spec);
    if (spec.pattern !== undefined) {
      this.value(file, [...path, 'pattern'], spec.pattern, 'pattern');
      const problem = checkPattern(spec.pattern);
      if (problem !== undefined) this.report(problem.code, file, [...path, 'pattern'], problem.message);
    }
    if (spec.items !== undefined) this.property(file, [...path, 'items'], spec.items, 'items', depth + 1);
    if (spec.properties !== undefined) this.properties(file, [...path, 'properties'], spec.properties, depth + 1);
  }

  private enumValues(file: ParsedFile, path: readonly string[], spec: RawPropertyObject): void {
    if (spec.enum === undefined) return;
    // A list emptied by the shape check was not empty as written; its items were reported already.
    if (spec.enum.length === 0 && !lostItems(spec.enum)) {
      this.report('empty-enum', file, [...path, 'enum'], `${describe([...path, 'enum'])} lists no values`, 'list the allowed values, or remove `enum`');
    }
    // A null in the enum of a nullable property is folded into `nullable`, which leaves no value here
    // (found by the fuzz test). Without `nullable`, each null is already a value-mismatch.
    if (spec.nullable === true && spec.enum.length > 0 && spec.enum.every((v) => v === null)) {
      this.report('empty-enum', file, [...path, 'enum'], `${describe([...path, 'enum'])} lists no value but null, which \`nullable: true\` already allows`, 'list the allowed values besides null, or remove `enum`');
    }
    const seen = new Map<string | number | null, number>();
    spec.enum.forEach((value, i) => {
      const index = originalIndex(spec.enum ?? [], i);
      const at = [...path, 'enum', String(index)];
      this.value(file, at, value, 'enum value');
      const first = seen.get(value);
      if (first === undefined) seen.set(value, index);
      else this.report('duplicate-enum-value', file, at, `enum value \`${String(value)}\` is listed twice (also at position ${first + 1})`, 'remove the duplicate');
    });
  }

  /**
   * A value written in the taxonomy, at any depth: strings must read the same to every YAML tool and
   * carry no invisible characters, which would disguise generated code and payloads.
   */
  value(file: ParsedFile, path: readonly string[], value: JsonValue, what: string): void {
    if (typeof value === 'string') {
      this.text(file, path, what);
      const invisible = firstInvisible(value, true);
      if (invisible !== undefined) this.report('invisible-character', file, path, `${what} contains the invisible or reordering character ${invisible}`, 'remove it, or spell the intent out in visible characters');
    } else if (Array.isArray(value)) {
      (value as readonly JsonValue[]).forEach((item, i) => this.value(file, [...path, String(i)], item, what));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) this.value(file, [...path, key], item, what);
    }
  }

  /** `description: yes` and `deprecated: off` are strings to us, booleans to YAML 1.1 tools. */
  /** `renamedFrom` names are wire names: read the same by every YAML tool, nothing invisible. */
  previousNames(file: ParsedFile, path: readonly string[], names: string | readonly string[] | undefined): void {
    if (typeof names === 'string') this.value(file, [...path, 'renamedFrom'], names, 'renamedFrom name');
    else names?.forEach((name, i) => this.value(file, [...path, 'renamedFrom', String(originalIndex(names, i))], name, 'renamedFrom name'));
  }

  annotationTexts(file: ParsedFile, path: readonly string[], spec: { readonly description?: string; readonly deprecated?: boolean | string }): void {
    if (spec.description !== undefined) this.text(file, [...path, 'description'], 'description');
    if (typeof spec.deprecated === 'string') {
      this.text(file, [...path, 'deprecated'], 'deprecation message', (s) => `write ${/^(?:yes|on|true)$/i.test(s)} for a flag, or quote a message: "${s}"`);
    }
  }

  /** Bounds that leave no value: min > max, an exclusive bound meeting the other, and their cousins. */
  private bounds(file: ParsedFile, path: readonly string[], spec: RawPropertyObject): void {
    const pairs: readonly (readonly [keyof RawPropertyObject, keyof RawPropertyObject, boolean])[] = [
      ['minLength', 'maxLength', false],
      ['minItems', 'maxItems', false],
      ['minimum', 'maximum', false],
      ['exclusiveMinimum', 'maximum', true],
      ['minimum', 'exclusiveMaximum', true],
      ['exclusiveMinimum', 'exclusiveMaximum', true],
    ];
    let reported = false;
    for (const [low, high, strict] of pairs) {
      const a = spec[low];
      const b = spec[high];
      if (typeof a !== 'number' || typeof b !== 'number' || !(a > b || (strict && a === b))) continue;
      reported = true;
      this.report('invalid-range', file, [...path, String(low)], `\`${String(low)}: ${a}\` and \`${String(high)}: ${b}\` leave no allowed value`, `make ${String(low)} ${strict ? 'less than' : 'at most'} ${String(high)}`);
    }
    const distinct = spec.uniqueItems === true && typeof spec.minItems === 'number' ? distinctValues(spec.items) : undefined;
    if (!reported && distinct !== undefined && spec.minItems !== undefined && spec.minItems > distinct) {
      reported = true;
      this.report('invalid-range', file, [...path, 'minItems'], `\`minItems: ${spec.minItems}\` with \`uniqueItems: true\` needs ${spec.minItems} different items, but the items allow only ${distinct} value${distinct === 1 ? '' : 's'}`, `lower minItems to ${distinct}, or drop uniqueItems`);
    }
    if (!reported && spec.type === 'integer' && integerRangeIsEmpty(spec)) {
      const written = (['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'] as const).filter((k) => spec[k] !== undefined).map((k) => `\`${k}: ${String(spec[k])}\``);
      this.report('invalid-range', file, [...path, spec.minimum !== undefined ? 'minimum' : 'exclusiveMinimum'], `${written.join(' and ')} leave no integer value`, 'widen the bounds');
    }
  }
}

/** What a non-string key resolved to, in words. */
function readingOf(value: unknown): string {
  return value === null ? 'null' : typeof value === 'boolean' ? 'a boolean' : 'a number';
}

/**
 * How many different values array items written in place can take, when that is finite: a boolean
 * (2), a `const` (1) or an `enum`, plus null when nullable. Shared types are not followed.
 */
function distinctValues(items: RawProperty | undefined): number | undefined {
  if (items === 'boolean') return 2;
  if (items === undefined || typeof items === 'string') return undefined;
  const withNull = items.nullable === true ? 1 : 0;
  if (items.const !== undefined) return 1 + withNull;
  if (items.enum !== undefined) return new Set(items.enum.filter((v) => v !== null)).size + withNull;
  return items.type === 'boolean' ? 2 + withNull : undefined;
}

/** `exclusiveMinimum: 1, exclusiveMaximum: 2` admits numbers but no integer. */
function integerRangeIsEmpty(spec: RawPropertyObject): boolean {
  const low = Math.max(
    spec.minimum === undefined ? -Infinity : Math.ceil(spec.minimum),
    spec.exclusiveMinimum === undefined ? -Infinity : Math.floor(spec.exclusiveMinimum) + 1,
  );
  const high = Math.min(
    spec.maximum === undefined ? Infinity : Math.floor(spec.maximum),
    spec.exclusiveMaximum === undefined ? Infinity : Math.ceil(spec.exclusiveMaximum) - 1,
  );
  return low > high;
}

/**
 * Events a long-lived process (watch) saw checked clean, by raw value: a re-parse keeps the values
 * of the events it did not touch, and those are not checked again (what the checks read, the value
 * and its nodes' text, is the same; only positions may have moved, and a clean event reports none).
 * Other limits give other values: the parse cache parses again under them.
 */
export type CheckedEvents = WeakSet<object>;

export function checkValues(raw: RawTaxonomy, limits: LoadLimits, checked?: CheckedEvents): Diagnostic[] {
  const checker = new ValueChecker(limits);
  checker.text(raw.name.file, ['taxonomy'], 'taxonomy name');
  if (raw.events.length > limits.maxEvents) {
    const last = raw.events[raw.events.length - 1] as RawEntry<unknown>;
    checker.report('limit-exceeded', last.file, last.path, `${raw.events.length} events, over the limit of ${limits.maxEvents}`, 'raise limits.maxEvents', 'key');
  }
  for (const entry of raw.types) {
    checker.name(entry.file, entry.path, 'type');
    if ((BUILTIN_TYPES as readonly string[]).includes(entry.name)) {
      checker.report('name-reserved', entry.file, entry.path, `type name \`${entry.name}\` is a built-in type, so no property could refer to this one`, 'rename the type', 'key');
    }
    checker.property(entry.file, entry.path, entry.value, 'type', 1);
  }
  const firstCommon = raw.commonProperties[0];
  if (firstCommon !== undefined && raw.commonProperties.length > limits.maxProperties) {
    checker.report('limit-exceeded', firstCommon.file, firstCommon.path, `${raw.commonProperties.length} common properties, over the limit of ${limits.maxProperties} per event`, 'raise limits.maxProperties', 'key');
  }
  for (const entry of raw.commonProperties) {
    checker.name(entry.file, entry.path, 'property');
    checker.property(entry.file, entry.path, entry.value, 'property', 1);
  }
  for (const event of raw.events) {
    if (checked?.has(event.value) === true) continue;
    checker.name(event.file, event.path, 'event');
    checker.properties(event.file, [...event.path, 'properties'], event.value.properties, 1);
    const { idempotencyKey = [], tags = [] } = event.value;
    idempotencyKey.forEach((_, i) => checker.text(event.file, [...event.path, 'idempotencyKey', String(originalIndex(idempotencyKey, i))], 'idempotencyKey field'));
    tags.forEach((tag, i) => checker.value(event.file, [...event.path, 'tags', String(originalIndex(tags, i))], tag, 'tag'));
    checker.annotationTexts(event.file, event.path, event.value);
    checker.previousNames(event.file, event.path, event.value.renamedFrom);
  }
  if (checked !== undefined && checker.diagnostics.length === 0) for (const event of raw.events) checked.add(event.value);
  return checker.diagnostics;
}
