// Property specs → IR shapes. Applies defaults (required, nullable, pii, additionalProperties: false),
// turns shared-type names into `ref` shapes, and reports unknown types. Values to check against
// their shape (enum, const, examples) are queued, because a `ref` can only be followed once every
// shared type is built. In: raw specs with their source position. Out: shapes, properties, queue.
import { closestMatch, diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { BUILTIN_TYPES, locate, type JsonValue, type RawProperty, type RawPropertyObject } from '../load/index.js';
import { originalIndex, pointerOf, type ParsedFile } from '../load/source-map.js';
import { checkRenames, previousNames } from './check-renames.js';
import type { Annotations, Property, Shape, StringFormat } from './ir.js';

// Type names of other languages and schema formats that mean one of ours, said as the fix. An edit
// distance cannot find them (`int` is as far from `integer` as from `string`).
const OTHER_LANGUAGES: Readonly<Record<string, string>> = {
  int: '`integer`',
  int32: '`integer`',
  int64: '`integer`',
  long: '`integer`',
  short: '`integer`',
  float: '`number`',
  float64: '`number`',
  double: '`number`',
  decimal: '`number`',
  bool: '`boolean`',
  str: '`string`',
  text: '`string`',
  list: '`array` (with `items`)',
  dict: '`object` (with `properties`)',
  map: '`object` (with `properties`)',
  datetime: '`{ type: string, format: date-time }`',
  timestamp: '`{ type: string, format: date-time }`',
  date: '`{ type: string, format: date }`',
  uuid: '`{ type: string, format: uuid }`',
  email: '`{ type: string, format: email }`',
  url: '`{ type: string, format: uri }`',
};

/** A value written in the taxonomy that must satisfy `shape`; checked once all types exist. */
export interface PendingValue {
  readonly shape: Shape;
  readonly value: JsonValue;
  readonly what: string;
  readonly file: ParsedFile;
  readonly path: readonly string[];
}

export class ShapeBuilder {
  readonly diagnostics: Diagnostic[] = [];
  readonly pending: PendingValue[] = [];

  /**
   * @param sharedTypes the shared types that loaded
   * @param declaredTypes every shared type written, including invalid ones (reported already)
   */
  constructor(
    private readonly sharedTypes: ReadonlySet<string>,
    private readonly declaredTypes: ReadonlySet<string>,
  ) {}

  /** Builds a shape; every shared type it mentions, at any depth, is added to `refs`. */
  shape(spec: RawProperty, file: ParsedFile, path: readonly string[], refs: Set<string>): Shape {
    if (spec === 'array' || spec === 'object') this.incompleteShorthand(spec, file, path);
    const raw: RawPropertyObject = typeof spec === 'string' ? { type: spec } : spec;
    const base = { nullable: raw.nullable ?? false, annotations: annotations(raw) };
    const shape = this.kindOf(raw, base, file, path, refs);
    this.queueValues(shape, raw, file, path);
    return shape;
  }

  /** The properties of one object (or one common property): siblings are checked for renames here. */
  properties(record: Readonly<Record<string, RawProperty>> | undefined, file: ParsedFile, path: readonly string[], refs: Set<string>, common = false): Property[] {
    const entries = Object.entries(record ?? {});
    const written = (spec: RawProperty): string | readonly string[] | undefined => (typeof spec === 'string' ? undefined : spec.renamedFrom);
    if (!common) {
      const renames = entries.map(([name, spec]) => ({ name, written: written(spec), at: renamedFromAt(file, [...path, name]) }));
      this.diagnostics.push(...checkRenames(renames, 'property'));
    }
    return entries.map(([name, spec]) => {
      const renamedFrom = previousNames(written(spec));
      return {
        name,
        required: typeof spec === 'string' ? false : (spec.required ?? false),
        shape: this.shape(spec, file, [...path, name], refs),
        common,
        ...(renamedFrom === undefined ? {} : { renamedFrom }),
        location: locate(file, [...path, name], 'key'),
      };
    });
  }

  private kindOf(raw: RawPropertyObject, base: { nullable: boolean; annotations: Annotations }, file: ParsedFile, path: readonly string[], refs: Set<string>): Shape {
    switch (raw.type) {
      case 'string':
        return {
          kind: 'string',
          ...base,
          ...pick(raw, ['minLength', 'maxLength', 'pattern']),
          ...enumOf<string>(raw),
          ...(raw.const === undefined ? {} : { const: raw.const as string }),
          ...(raw.format === undefined ? {} : { format: raw.format as StringFormat }),
        };
      case 'integer':
      case 'number':
        return {
          kind: 'number',
          integer: raw.type === 'integer',
          ...base,
          ...pick(raw, ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']),
          ...enumOf<number>(raw),
          ...(raw.const === undefined ? {} : { const: raw.const as number }),
        };
      case 'boolean':
        return { kind: 'boolean', ...base, ...(raw.const === undefined ? {} : { const: raw.const as boolean }) };
      case 'array':
        return {
          kind: 'array',
          ...base,
          items: this.shape(raw.items ?? 'string', file, [...path, 'items'], refs),
          ...pick(raw, ['minItems', 'maxItems']),
          uniqueItems: raw.uniqueItems ?? false,
        };
      case 'object':
        return {
          kind: 'object',
          ...base,
          properties: this.properties(raw.properties, file, [...path, 'properties'], refs),
          additionalProperties: raw.additionalProperties ?? false,
        };
      default:
        if (!this.declaredTypes.has(raw.type)) this.unknownType(raw.type, file, path);
        refs.add(raw.type);
        return { kind: 'ref', name: raw.type, ...base };
    }
  }

  /** `tags: array` says nothing about the items, `meta: object` allows only `{}`: both are traps. */
  private incompleteShorthand(type: 'array' | 'object', file: ParsedFile, path: readonly string[]): void {
    const example = type === 'array' ? '{ type: array, items: { type: string } }' : '{ type: object, properties: { ... } } (additionalProperties: true for free-form data)';
    this.diagnostics.push(diagnostic('missing-keyword', locate(file, path), `the shorthand \`${type}\` needs \`${type === 'array' ? 'items' : 'properties'}\``, `write ${example}`));
  }

  private unknownType(type: string, file: ParsedFile, path: readonly string[]): void {
    const at = file.nodes.get(pointerOf([...path, 'type']))?.value ?? locate(file, path);
    const suggestion = closestMatch(type, [...BUILTIN_TYPES, ...this.sharedTypes]);
    const otherLanguage = OTHER_LANGUAGES[type.toLowerCase()];
    const hint =
      otherLanguage !== undefined
        ? `did you mean ${otherLanguage}?`
        : suggestion !== undefined
          ? `did you mean \`${suggestion}\`?`
          : `built-in types: ${BUILTIN_TYPES.join(', ')}`;
    this.diagnostics.push(diagnostic('unknown-type', at, `unknown type \`${type}\`: not a built-in type and not defined under \`types:\``, hint));
  }

  private queueValues(shape: Shape, raw: RawPropertyObject, file: ParsedFile, path: readonly string[]): void {
    // Enum and const values are checked against the other constraints, not against themselves.
    const unrestricted = withoutValueLists(shape, false);
    raw.enum?.forEach((value, i) => this.pending.push({ shape: unrestricted, value, what: 'enum value', file, path: [...path, 'enum', String(originalIndex(raw.enum ?? [], i))] }));
    if (raw.const !== undefined) {
      const inEnum = withoutValueLists(shape, true);
      this.pending.push({ shape: inEnum, value: raw.const, what: 'const value', file, path: [...path, 'const'] });
    }
    raw.examples?.forEach((value, i) => this.pending.push({ shape, value, what: 'example', file, path: [...path, 'examples', String(originalIndex(raw.examples ?? [], i))] }));
  }
}

/** Where the i-th name of `renamedFrom` under `path` is written (the string form when i is undefined). */
export function renamedFromAt(file: ParsedFile, path: readonly string[]): (index: number | undefined) => SourceLocation {
  return (index) => locate(file, index === undefined ? [...path, 'renamedFrom'] : [...path, 'renamedFrom', String(index)]);
}

/** The enum without null: `nullable` says whether null is allowed (a null in a non-nullable enum is reported). */
function enumOf<T extends string | number>(raw: RawPropertyObject): { readonly enum?: readonly T[] } {
  return raw.enum === undefined ? {} : { enum: raw.enum.filter((v): v is T => v !== null) };
}

/** The shape without its const (and, unless kept, its enum): what those values must satisfy. */
function withoutValueLists(shape: Shape, keepEnum: boolean): Shape {
  if (shape.kind !== 'string' && shape.kind !== 'number' && shape.kind !== 'boolean') return shape;
  const { const: _const, ...rest } = shape;
  if (keepEnum || !('enum' in rest)) return rest;
  const { enum: _enum, ...bare } = rest;
  return bare;
}

function annotations(raw: RawPropertyObject): Annotations {
  return {
    ...(raw.description === undefined ? {} : { description: raw.description }),
    ...(raw.deprecated === undefined || raw.deprecated === false ? {} : { deprecated: raw.deprecated === true ? {} : { message: raw.deprecated } }),
    ...(raw.examples === undefined ? {} : { examples: raw.examples }),
    pii: raw.pii ?? false,
  };
}

/** The listed keys of `raw` that are set, and nothing else (exactOptionalPropertyTypes-friendly). */
function pick<K extends keyof RawPropertyObject>(raw: RawPropertyObject, keys: readonly K[]): Partial<Pick<RawPropertyObject, K>> {
  const out: Partial<Pick<RawPropertyObject, K>> = {};
  for (const key of keys) if (raw[key] !== undefined) out[key] = raw[key];
  return out;
}
