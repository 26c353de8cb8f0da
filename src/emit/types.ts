// IR → generated/types.ts: per shared type an alias (an interface for an object), per event its
// properties and its wire object, then `FloKitEvent`, `EventName` and `FloKitEventMap`. Printed
// straight from the IR, already formatted: byte for byte what json-schema-to-typescript emits from
// the emitted JSON Schemas, formatted by prettier (test/types-oracle.test.ts holds us to it, on
// every fixture, the corpus and every fuzz case). Each type is first a small tree (`TsType`), then
// lines laid out as prettier lays them out at width 100. In: the IR, a memo of events' declarations
// or none. Out: the source of types.ts.
import type { EventDef, Property, Shape, Taxonomy } from '../model/ir.js';
import { commentText } from './comment.js';
import { literal, propertyKey } from './code.js';
import { eventPiece, modulePiece, type EventMemo } from './memo.js';
import { textWidth } from './text-width.js';

const WIDTH = 100;

/** A type: a name, keyword or literal; a union; an array; or an object literal type. */
type TsType =
  | { readonly kind: 'leaf'; readonly text: string; readonly reference?: boolean }
  | { readonly kind: 'union'; readonly members: readonly TsType[] }
  | { readonly kind: 'array'; readonly element: TsType }
  | { readonly kind: 'object'; readonly members: readonly Member[] };

interface Member {
  /** The key as printed: bare, or quoted. */
  readonly key: string;
  readonly optional: boolean;
  readonly doc: string | undefined;
  readonly type: TsType;
}

const leaf = (text: string, reference = false): TsType => ({ kind: 'leaf', text, ...(reference ? { reference } : {}) });
const NULL = leaf('null');
const orNull = (type: TsType, nullable: boolean): TsType => (nullable ? { kind: 'union', members: [type, NULL] } : type);

/** The declarations of `generated/types.ts`. */
export function emitTypes(taxonomy: Taxonomy, pieces?: EventMemo): string {
  return typeParts(taxonomy, pieces).join('');
}

/** `generated/types.ts` in parts, joined by nobody (file.ts); `header`: lines to start it with, each ending in a newline. */
export function typeParts(taxonomy: Taxonomy, pieces?: EventMemo, header = ''): string[] {
  const types = new Map(taxonomy.types.map((t) => [t.name, t.typeName]));
  // Each declaration's text, its lines joined.
  const blocks: string[] = [];
  for (const type of taxonomy.types) {
    const doc = memberDoc(type.shape);
    const tree = shapeType(type.shape, types);
    blocks.push((tree.kind === 'object' ? declareInterface(type.typeName, doc, tree.members) : declareAlias(type.typeName, doc, tree)).join('\n'));
  }
  taxonomy.events.forEach((event, i) => {
    // The hash covers the event and the shared types it reaches, their names included (hashes.ts).
    const [properties, wire] = eventPiece(pieces, 'types', i, () => {
      const doc = commentText(`The properties of \`${event.name}\`.`);
      const tree = objectType(event.properties, event.additionalProperties, false, types);
      return [(tree.kind === 'object' ? declareInterface(event.names.propertiesType, doc, tree.members) : declareAlias(event.names.propertiesType, doc, tree)).join('\n'), declareEvent(event).join('\n')];
    });
    blocks.push(properties, wire);
  });
  // Made from the events' names alone: kept across edits inside events.
  const names = JSON.stringify([taxonomy.name, taxonomy.events.map((e) => [e.name, e.names.eventType])]);
  const tail = modulePiece(pieces, 'types', names, () => {
    const map = taxonomy.events.map((e) => ({ key: propertyKey(e.name), optional: false, doc: undefined, type: leaf(e.names.eventType, true) }));
    return [
      declareAlias('FloKitEvent', `Any event of the ${taxonomy.name} taxonomy, discriminated by \`event\`.`, union(taxonomy.events.map((e) => leaf(e.names.eventType, true)))),
      declareAlias('EventName', 'The name of every event, as sent on the wire.', union(taxonomy.events.map((e) => leaf(literal(e.name))))),
      declareInterface('FloKitEventMap', 'From event name to its wire object.', map),
    ].map((lines) => lines.join('\n'));
  });
  blocks.push(...tail);
  // Each block ends with a line break, a blank line between two.
  return [header, ...blocks.flatMap((block, i) => [i === 0 ? '' : '\n', block, '\n'])];
}

/** A number as JSON writes it and prettier prints it (no `+` in an exponent). */
function jsonNumber(value: number): string {
  return JSON.stringify(value).replace(/e\+/, 'e');
}

function union(members: readonly TsType[]): TsType {
  return members.length === 1 ? (members[0] as TsType) : { kind: 'union', members };
}

// ---- From the IR to type trees, as json-schema-to-typescript reads the emitted schemas ----

function shapeType(shape: Shape, types: ReadonlyMap<string, string>): TsType {
  switch (shape.kind) {
    case 'ref':
      return orNull(leaf(types.get(shape.name) ?? shape.name, true), shape.nullable);
    case 'string':
    case 'number': {
      const print = (v: string | number): string => (typeof v === 'string' ? literal(v) : jsonNumber(v));
      const values = shape.const !== undefined ? [shape.const] : shape.enum;
      if (values === undefined) return orNull(leaf(shape.kind), shape.nullable);
      // A nullable const or enum has null among its values (json-schema.ts).
      const members = [...values.map((v) => leaf(print(v))), ...(shape.nullable ? [NULL] : [])];
      return union(members);
    }
    case 'boolean':
      return orNull(leaf(shape.const === undefined ? 'boolean' : String(shape.const)), shape.nullable);
    case 'array':
      return orNull({ kind: 'array', element: shapeType(shape.items, types) }, shape.nullable);
    case 'object':
      return objectType(shape.properties, shape.additionalProperties, shape.nullable, types);
  }
}

function objectType(properties: readonly Property[], open: boolean, nullable: boolean, types: ReadonlyMap<string, string>): TsType {
  // A closed object with no properties admits only `{}`; TypeScript's `{}` would admit anything.
  if (properties.length === 0 && !open) return orNull(leaf('Record<string, never>', true), nullable);
  const members: Member[] = properties.map((p) => ({ key: propertyKey(p.name), optional: !p.required, doc: memberDoc(p.shape), type: shapeType(p.shape, types) }));
  if (open) members.push({ key: '[k: string]', optional: false, doc: undefined, type: leaf('unknown | undefined') });
  return orNull({ kind: 'object', members }, nullable);
}

function declareEvent(event: EventDef): string[] {
  const envelope = (ids: readonly string[]): TsType => {
    const required = new Set(['event', ...(event.identity === 'either' ? [] : [event.identity]), 'timestamp', ...ids]);
    if (event.properties.some((p) => p.required)) required.add('properties');
    const member = (key: string, type: TsType, doc?: string): Member => ({ key, optional: !required.has(key), doc, type });
    return {
      kind: 'object',
      members: [
        member('event', leaf(literal(event.name))),
        member('user_id', leaf('string'), 'The backend user id.'),
        member('anonymous_id', leaf('string'), 'The pre-login device or session id.'),
        member('timestamp', leaf('string'), 'When the event happened: an RFC 3339 date-time.'),
        member('properties', leaf(event.names.propertiesType, true)),
      ],
    };
  };
  const doc = annotationDoc(event.description, event.deprecated);
  if (event.identity !== 'either') return declareInterface(event.names.eventType, doc, (envelope([]) as { members: readonly Member[] }).members);
  return declareAlias(event.names.eventType, doc, { kind: 'union', members: [envelope(['user_id']), envelope(['anonymous_id'])] });
}


// ---- JSDoc text ----

// Constraints the types cannot express, noted in JSDoc as tags, in this order.
const NOTED = ['format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems'] as const;

/**
 * The description (made safe) and, when deprecated, an `@deprecated` tag that carries the message;
 * the schemas carry the message as a last paragraph, `Deprecated: <message>` (json-schema.ts).
 */
function annotationDoc(description: string | undefined, deprecated: { readonly message?: string } | undefined): string | undefined {
  const message = deprecated?.message;
  const full = [description, message === undefined ? undefined : `Deprecated: ${message}`].filter((d) => d !== undefined).join('\n\n');
  if (deprecated === undefined) return full === '' ? undefined : commentText(full);
  const match = /^(?:([\s\S]*)\n\n)?Deprecated: ([\s\S]*)$/.exec(full);
  const text = match === null ? full : match[1];
  const tag = match === null ? '@deprecated' : `@deprecated ${commentText(match[2] ?? '')}`;
  return text === undefined || text === '' ? tag : `${commentText(text)}\n${tag}`;
}

/** A shape's own comment: its annotations and the constraints its type cannot say. */
function shapeDoc(shape: Shape): string | undefined {
  const own = annotationDoc(shape.annotations.description, shape.annotations.deprecated);
  if (shape.kind === 'ref') return own;
  const notes = NOTED.flatMap((key) => {
    const value = (shape as unknown as Readonly<Record<string, unknown>>)[key];
    if (value === undefined || value === false || (key === 'uniqueItems' && shape.kind !== 'array')) return [];
    return [`@${key} ${commentText(String(value))}`];
  });
  const text = [own, ...notes].filter((t) => t !== undefined).join('\n');
  return text === '' ? undefined : text;
}

/**
 * A property's or shared type's comment: its shape's, and for an array whose items have a
 * description and no tags, `Items: <description>` (json-schema-to-typescript hoists it there, from
 * a reference's description too).
 */
function memberDoc(shape: Shape): string | undefined {
  const own = shapeDoc(shape);
  if (shape.kind !== 'array' || shape.nullable || shape.items.kind === 'array') return own;
  const items = shapeDoc(shape.items);
  if (items === undefined || /(^|\s)@\w/.test(items)) return own;
  return own === undefined ? `Items: ${items}` : `${own}\n\nItems: ${items}`;
}

/** A JSDoc block at `indent`, each line as prettier trims it (it keeps two trailing spaces, a Markdown break). */
function docLines(doc: string | undefined, indent: string): string[] {
  if (doc === undefined) return [];
  const lines = doc.replaceAll('*/', '* /').split('\n').map((line) => {
    const text = ` * ${line}`.trim();
    return `${indent} ${text}${text !== '*' && line.endsWith('  ') ? '  ' : ''}`;
  });
  return [`${indent}/**`, ...lines, `${indent} */`];
}

// ---- Layout, as prettier lays out these declarations at width 100 ----

const fits = (line: string): boolean => textWidth(line) <= WIDTH;

function declareInterface(name: string, doc: string | undefined, members: readonly Member[]): string[] {
  return [...docLines(doc, ''), `export interface ${name} {`, ...members.flatMap((m) => memberLines(m, '  ')), '}'];
}

function declareAlias(name: string, doc: string | undefined, type: TsType): string[] {
  const head = `export type ${name} =`;
  const lines = typeLines(head, type, '', ';', true);
  // A declaration whose first line is too long breaks after `=` and indents the whole type.
  const first = lines[0] as string;
  if (!fits(first) && first !== head && (lines.length > 1 || !isPlainLeaf(type))) {
    return [...docLines(doc, ''), head, ...typeLines('', type, '  ', ';', true).map((l, i) => (i === 0 ? `  ${l.trimStart()}` : l))];
  }
  return [...docLines(doc, ''), ...lines];
}

function isPlainLeaf(type: TsType): boolean {
  return type.kind === 'leaf' && !type.text.startsWith('Record<');
}

function memberLines(member: Member, indent: string): string[] {
  return [...docLines(member.doc, indent), ...typeLines(`${indent}${member.key}${member.optional ? '?' : ''}:`, member.type, indent, ';', false)];
}

/** `head` followed by `type` and `end`: on one line if it fits, else broken as prettier breaks it. */
function typeLines(head: string, type: TsType, indent: string, end: string, alias: boolean): string[] {
  const space = head === '' ? '' : ' ';
  const inner = `${indent}  `;
  const members = (m: readonly Member[], at: string): string[] => m.flatMap((x) => memberLines(x, at));
  // Object types are always expanded; beside null or under `[]` they stay on the head's line.
  if (type.kind === 'object') return [`${head}${space}{`, ...members(type.members, inner), `${indent}}${end}`];
  const objectArray = arrayOfObject(type);
  if (objectArray !== undefined) return [`${head}${space}{`, ...members(objectArray.members, inner), `${indent}}${'[]'.repeat(objectArray.depth)}${end}`];
  if (type.kind === 'union') {
    const [first, second] = type.members;
    if (type.members.length === 2 && second === NULL && first?.kind === 'object') return [`${head}${space}{`, ...members(first.members, inner), `${indent}} | null${end}`];
    if (type.members.every((m) => m.kind === 'object' || arrayOfObject(m) !== undefined || m === NULL) && type.members.some((m) => m.kind === 'object' || arrayOfObject(m) !== undefined)) {
      return [head, ...type.members.flatMap((m, i) => objectUnionMember(m, inner, i === type.members.length - 1 ? end : ''))];
    }
  }
  if (type.kind === 'array' && type.element.kind === 'union' && type.element.members.length === 2 && type.element.members[1] === NULL && type.element.members[0]?.kind === 'object') {
    return [`${head}${space}({`, ...members(type.element.members[0].members, inner), `${indent}} | null)[]${end}`];
  }
  const line = `${head}${space}${flat(type)}${end}`;
  if (fits(line)) return [line];
  return breakFlat(head, type, indent, end, alias);
}

/** A member of a union of objects, broken: `| {`, its members, `}`. */
function objectUnionMember(type: TsType, indent: string, end: string): string[] {
  if (type === NULL) return [`${indent}| null${end}`];
  const object = type.kind === 'object' ? { members: type.members, depth: 0 } : (arrayOfObject(type) as { members: readonly Member[]; depth: number });
  return [`${indent}| {`, ...object.members.flatMap((m) => memberLines(m, `${indent}    `)), `${indent}  }${'[]'.repeat(object.depth)}${end}`];
}

/** `{…}[]`, `{…}[][]`: the object and the number of `[]`. */
function arrayOfObject(type: TsType): { readonly members: readonly Member[]; readonly depth: number } | undefined {
  let depth = 0;
  let t = type;
  while (t.kind === 'array') {
    t = t.element;
    depth++;
  }
  return depth > 0 && t.kind === 'object' ? { members: t.members, depth } : undefined;
}

/** A type without objects, on one line. */
function flat(type: TsType): string {
  switch (type.kind) {
    case 'leaf':
      return type.text;
    case 'union':
      return type.members.map(flat).join(' | ');
    case 'array': {
      const element = flat(type.element);
      return type.element.kind === 'union' ? `(${element})[]` : `${element}[]`;
    }
    case 'object':
      throw new Error('an object type is never flat');
  }
}

function breakFlat(head: string, type: TsType, indent: string, end: string, alias: boolean): string[] {
  const inner = `${indent}  `;
  const line = `${head} ${flat(type)}${end}`;
  if (type.kind === 'leaf') {
    // `Record<…>` breaks inside its angle brackets; anything else has nothing to break.
    if (type.text === 'Record<string, never>' && !alias) return [`${head} Record<`, `${inner}string,`, `${inner}never`, `${indent}>${end}`];
    return alias ? [head, `${inner}${type.text}${end}`] : [line];
  }
  if (type.kind === 'union') {
    const [first, second] = type.members;
    // A reference beside null is kept whole (prettier hugs it); a generic breaks inside.
    if (type.members.length === 2 && second === NULL && first?.kind === 'leaf' && first.reference === true) {
      if (first.text === 'Record<string, never>' && !alias) return [`${head} Record<`, `${inner}string,`, `${inner}never`, `${indent}> | null${end}`];
      return alias ? [head, `${inner}${flat(type)}${end}`] : [line];
    }
    return [head, ...unionLines(type.members.map(flat), inner, end)];
  }
  if (type.kind === 'array' && type.element.kind === 'union') {
    const open = `${head} (`;
    if (fits(open)) return [open, ...unionLines(type.element.members.map(flat), inner, ''), `${indent})[]${end}`];
  }
  return [head, `${inner}${flat(type)}${end}`];
}

/** A union on a line of its own at `indent` if it fits, else one member per line. */
function unionLines(members: readonly string[], indent: string, end: string): string[] {
  const line = `${indent}${members.join(' | ')}${end}`;
  if (fits(line)) return [line];
  return members.map((member, i) => `${indent}| ${member}${i === members.length - 1 ? end : ''}`);
}
