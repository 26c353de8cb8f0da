// Checking one JSON value against one IR shape, with JSON Schema's semantics (lengths in code
// points, integers as numbers with no fraction, deep equality for const and uniqueItems). Used on
// the taxonomy's own enum, const and examples values. In: a shape, a value, a type lookup.
// Out: the first problem, in words, or undefined.
import { isDate, isDateTime, isEmail, isUri, isUuid } from '../../templates/runtime/formats.js';
import type { JsonValue } from '../load/index.js';
import type { NumberShape, ObjectShape, Shape, StringFormat, StringShape } from './ir.js';

/** A shared type's shape, or undefined when it is broken (already reported): checks then skip it. */
export type ResolveType = (name: string) => Shape | undefined;

const FORMATS: Readonly<Record<StringFormat, (value: string) => boolean>> = {
  'date-time': isDateTime,
  date: isDate,
  email: isEmail,
  uri: isUri,
  uuid: isUuid,
};

export function checkValue(shape: Shape, value: JsonValue, resolve: ResolveType): string | undefined {
  if (shape.kind === 'ref') {
    const target = resolve(shape.name);
    return target === undefined || (value === null && shape.nullable) ? undefined : checkValue(target, value, resolve);
  }
  if (value === null) return shape.nullable ? undefined : 'is not allowed: the property is not nullable';
  switch (shape.kind) {
    case 'string':
      return typeof value === 'string' ? checkString(shape, value) : `is not a string`;
    case 'number':
      return typeof value === 'number' ? checkNumber(shape, value) : `is not ${shape.integer ? 'an integer' : 'a number'}`;
    case 'boolean':
      if (typeof value !== 'boolean') return 'is not a boolean';
      return shape.const !== undefined && value !== shape.const ? `is not the const value ${String(shape.const)}` : undefined;
    case 'array': {
      if (!Array.isArray(value)) return 'is not a list';
      const list = value as readonly JsonValue[];
      if (shape.minItems !== undefined && list.length < shape.minItems) return `has fewer than ${shape.minItems} items`;
      if (shape.maxItems !== undefined && list.length > shape.maxItems) return `has more than ${shape.maxItems} items`;
      if (shape.uniqueItems && new Set(list.map(canonical)).size < list.length) return 'has duplicate items';
      for (let i = 0; i < list.length; i++) {
        const problem = checkValue(shape.items, list[i] as JsonValue, resolve);
        if (problem !== undefined) return `item ${i} ${problem}`;
      }
      return undefined;
    }
    case 'object':
      return checkObject(shape, value, resolve);
  }
}

function checkString(shape: StringShape, value: string): string | undefined {
  const length = [...value].length;
  if (shape.const !== undefined && value !== shape.const) return `is not the const value ${JSON.stringify(shape.const)}`;
  if (shape.enum !== undefined && !shape.enum.includes(value)) return 'is not one of the enum values';
  if (shape.minLength !== undefined && length < shape.minLength) return `is shorter than minLength ${shape.minLength}`;
  if (shape.maxLength !== undefined && length > shape.maxLength) return `is longer than maxLength ${shape.maxLength}`;
  if (shape.pattern !== undefined && !new RegExp(shape.pattern, 'u').test(value)) return `does not match pattern ${shape.pattern}`;
  if (shape.format !== undefined && !FORMATS[shape.format](value)) return `is not a valid ${shape.format}`;
  return undefined;
}

function checkNumber(shape: NumberShape, value: number): string | undefined {
  if (shape.integer && !Number.isInteger(value)) return 'is not an integer';
  if (shape.const !== undefined && value !== shape.const) return `is not the const value ${shape.const}`;
  if (shape.enum !== undefined && !shape.enum.includes(value)) return 'is not one of the enum values';
  if (shape.minimum !== undefined && value < shape.minimum) return `is below minimum ${shape.minimum}`;
  if (shape.maximum !== undefined && value > shape.maximum) return `is above maximum ${shape.maximum}`;
  if (shape.exclusiveMinimum !== undefined && value <= shape.exclusiveMinimum) return `is not above exclusiveMinimum ${shape.exclusiveMinimum}`;
  if (shape.exclusiveMaximum !== undefined && value >= shape.exclusiveMaximum) return `is not below exclusiveMaximum ${shape.exclusiveMaximum}`;
  // ajv's exact test (quotient !== parseInt(quotient)), quirks for huge quotients included.
  if (shape.multipleOf !== undefined) {
    const quotient = value / shape.multipleOf;
    if (quotient !== parseInt(String(quotient), 10)) return `is not a multiple of ${shape.multipleOf}`;
  }
  return undefined;
}

function checkObject(shape: ObjectShape, value: JsonValue, resolve: ResolveType): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a mapping';
  const record = value as { readonly [key: string]: JsonValue };
  for (const property of shape.properties) {
    if (!Object.hasOwn(record, property.name)) {
      if (property.required) return `lacks required property \`${property.name}\``;
      continue;
    }
    const problem = checkValue(property.shape, record[property.name] as JsonValue, resolve);
    if (problem !== undefined) return `property \`${property.name}\` ${problem}`;
  }
  if (!shape.additionalProperties) {
    const extra = Object.keys(record).find((key) => !shape.properties.some((p) => p.name === key));
    if (extra !== undefined) return `has unexpected property \`${extra}\``;
  }
  return undefined;
}

/** A text equal for deeply equal values (object keys sorted): linear-time uniqueness. */
function canonical(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(canonical).join(',')}]`;
  const record = value as { readonly [key: string]: JsonValue };
  return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${canonical(record[k] as JsonValue)}`).join(',')}}`;
}
