// Shape check: one parsed file against the taxonomy format's JSON Schema (via ajv), with each ajv
// error turned into a located diagnostic in the format's own words. Failed parts are removed from
// the data so later stages can still check the rest, without repeating the same problem.
// In: a ParsedFile. Out: diagnostics and the data that passed.
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { closestMatch, diagnostic, type Diagnostic } from '../diagnostics.js';
import { packageFilePath } from '../package-files.js';
import { ALL_PROPERTY_KEYWORDS, BUILTIN_TYPES, KEYWORDS_BY_TYPE } from './format-schema.js';
import { locate, lostItems, pathOfPointer, pointerOf, recordOriginalIndices, wasWritten, type JsonValue, type ParsedFile } from './source-map.js';
import { setData } from './parse-yaml.js';
import { yaml11Reading } from './yaml11.js';

let validator: ValidateFunction | undefined;

// ajv's code for the format schema, compiled ahead of time (scripts/format-validator.mjs: compiling
// it here cost ~200 ms per run), loaded on first use so that a command that never reads a taxonomy
// (or a fast `check`) does not load it.
function formatValidator(): ValidateFunction {
  validator ??= createRequire(import.meta.url)(packageFilePath('schema/taxonomy.validate.cjs')) as ValidateFunction;
  return validator;
}

// Errors that only say "a branch failed"; the branch's own errors say what is wrong.
const WRAPPER_KEYWORDS = new Set(['if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not']);
const BUILTINS_HINT = `built-in types: ${BUILTIN_TYPES.join(', ')}`;

export interface ShapeResult {
  readonly diagnostics: readonly Diagnostic[];
  /**
   * "cannot narrow shared type X" diagnostics, by X: only true when X is a shared type, which the
   * loader knows once every file is read (otherwise unknown-type says what is wrong).
   */
  readonly narrowing: ReadonlyMap<Diagnostic, string>;
  /**
   * The file's data with every part that failed removed, so later checks still run on the rest and
   * report everything in one go, as a compiler recovers after a syntax error. Undefined when the
   * file as a whole is unusable (not a mapping).
   */
  readonly value?: JsonValue;
}

export function checkShape(file: ParsedFile): ShapeResult {
  const validate = formatValidator();
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const narrowing = new Map<Diagnostic, string>();
  let value = without(file.value, new Set(file.poisoned.map((p) => pointerOf(prunePath(pathOfPointer(p))))), '');
  for (let round = 0; round < 4; round++) {
    if (validate(value)) return { diagnostics, narrowing, value };
    const prune = new Set<string>();
    for (const error of validate.errors ?? []) {
      if (WRAPPER_KEYWORDS.has(error.keyword)) continue;
      prune.add(pointerOf(prunePath(errorPath(error))));
      if (isEcho(file, error)) continue;
      const d = toDiagnostic(file, error);
      if (d.message.includes('cannot narrow shared type')) narrowing.set(d, String((error.data as { type?: unknown }).type));
      const key = `${d.line}:${d.column}:${d.code}:${d.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        diagnostics.push(d);
      }
    }
    value = without(value, prune, '');
  }
  return { diagnostics, narrowing };
}

/** An error about something an earlier round removed: a missing key that was written, a list emptied. */
function isEcho(file: ParsedFile, error: ErrorObject): boolean {
  const path = pathOfPointer(error.instancePath);
  if (error.keyword === 'required') return wasWritten(file, [...path, String((error.params as { missingProperty: string }).missingProperty)]);
  if (error.keyword === 'minItems') return Array.isArray(error.data) && lostItems(error.data as unknown[]);
  return false;
}

function errorPath(error: ErrorObject): string[] {
  const path = pathOfPointer(error.instancePath);
  return error.keyword === 'additionalProperties' ? [...path, String((error.params as { additionalProperty: string }).additionalProperty)] : path;
}

/** What to drop for a failed node: a whole definition when its `type` is bad, else just the node. */
function prunePath(path: readonly string[]): string[] {
  const out = [...path];
  // Inside a list item, drop the whole item (`examples[0]` when `examples[0][3]` fails).
  const firstIndex = out.findIndex((part, i) => /^\d+$/.test(part) && i > 0 && ['enum', 'examples', 'tags', 'idempotencyKey'].includes(out[i - 1] ?? ''));
  if (firstIndex !== -1) return out.slice(0, firstIndex + 1);
  if (out[out.length - 1] === 'type') out.pop();
  return out;
}

function without(value: JsonValue, prune: ReadonlySet<string>, pointer: string): JsonValue {
  if (prune.size === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const kept: JsonValue[] = [];
    const indices: number[] = [];
    (value as readonly JsonValue[]).forEach((item, i) => {
      const itemPointer = `${pointer}/${i}`;
      if (prune.has(itemPointer)) return;
      kept.push(without(item, prune, itemPointer));
      indices.push(i);
    });
    if (kept.length < value.length) recordOriginalIndices(kept, indices);
    return kept;
  }
  const out: Record<string, JsonValue> = {};
  for (const [key, child] of Object.entries(value)) {
    const childPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (prune.has(childPointer)) continue;
    setData(out, key, without(child, prune, childPointer));
  }
  return out;
}

function toDiagnostic(file: ParsedFile, error: ErrorObject): Diagnostic {
  const path = pathOfPointer(error.instancePath);
  const name = describe(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(file, path, String(params['additionalProperty']), error);
    case 'required':
      return diagnostic('missing-keyword', locate(file, path, 'key'), `${name === '' ? 'the file' : name} needs \`${String(params['missingProperty'])}\``, missingHint(String(params['missingProperty'])));
    case 'type':
      return wrongType(file, path, String(params['type']));
    case 'enum':
    case 'const':
      return notAllowed(file, path, error);
    case 'pattern':
      return diagnostic('invalid-value', locate(file, path), `${name} is not valid: ${schemaDescription(error)}`);
    case 'uniqueItems': {
      const later = Math.max(Number(params['i']), Number(params['j']));
      return diagnostic('invalid-value', locate(file, [...path, String(later)]), `${name} lists \`${String(valueAt(error, later))}\` twice`, 'remove the duplicate');
    }
    case 'minItems':
      if (path[path.length - 1] === 'renamedFrom') return diagnostic('invalid-value', locate(file, path), `${name} lists no names`, 'list the earlier names, or remove `renamedFrom`');
      return diagnostic('invalid-value', locate(file, path), `${name} lists no ${path[path.length - 1] === 'idempotencyKey' ? 'fields' : 'values'}`, `list the required properties the key is derived from, or remove \`${path[path.length - 1] ?? ''}\``);
    case 'minLength':
      return diagnostic('invalid-value', locate(file, path), `${name} is an empty type name`, BUILTINS_HINT);
    default:
      return diagnostic('invalid-value', locate(file, path), `${name} ${error.message ?? 'is not valid'}`);
  }
}

function unknownKey(file: ParsedFile, parent: readonly string[], key: string, error: ErrorObject): Diagnostic {
  const at = locate(file, [...parent, key], 'key');
  const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const data = error.data as Record<string, JsonValue>;
  const type = typeof data['type'] === 'string' ? data['type'] : undefined;
  const kind = propertyKind(allowed);
  if (type !== undefined && kind !== undefined && ALL_PROPERTY_KEYWORDS.has(key)) {
    if (kind === 'shared') {
      return diagnostic('keyword-not-applicable', at, `\`${key}\` cannot narrow shared type \`${type}\` where it is used`, 'put constraints on the shared type itself, or define a new shared type');
    }
    return diagnostic('keyword-not-applicable', at, `\`${key}\` does not apply to type \`${type}\``, `keywords for ${type}: ${allowed.join(', ')}`);
  }
  const suggestion = closestMatch(key, allowed);
  // `{ description: Amount, e.g. 49.99 }`: the comma ended the value and began a "key".
  if (/\s/.test(key) && suggestion === undefined) {
    return diagnostic('unknown-keyword', at, `unknown keyword \`${key}\` in ${describe(parent) || 'the file'}`, 'a comma inside { ... } starts a new key: quote the value before it');
  }
  const where = parent.length === 0 ? 'at the top level' : `in ${describe(parent)}`;
  return diagnostic('unknown-keyword', at, `unknown keyword \`${key}\` ${where}`, suggestion !== undefined ? `did you mean \`${suggestion}\`?` : `allowed here: ${allowed.join(', ')}`);
}

/** Which property type's keyword list `allowed` is, when it is one. */
function propertyKind(allowed: readonly string[]): string | undefined {
  const key = [...allowed].sort().join(',');
  return Object.entries(KEYWORDS_BY_TYPE).find(([, keywords]) => [...keywords].sort().join(',') === key)?.[0];
}

function wrongType(file: ParsedFile, path: readonly string[], allowed: string): Diagnostic {
  const at = locate(file, path);
  const info = file.nodes.get(pointerOf(path));
  const last = path[path.length - 1] ?? '';
  const list = /^\d+$/.test(last) ? path[path.length - 2] : last;
  const code = list === 'enum' || list === 'const' || list === 'examples' ? 'value-mismatch' : 'wrong-type';
  // Value lists admit null for nullable properties; the type itself is what the user must write.
  const expected = code === 'value-mismatch' ? allowed.split(',').filter((t) => t !== 'null').join(',') : allowed;
  return diagnostic(code, at, `${describe(path) || 'the file'} must be ${article(expected)}`, wrongTypeHint(path, expected, info?.plain === true ? info.source : undefined));
}

function wrongTypeHint(path: readonly string[], expected: string, plainSource: string | undefined): string | undefined {
  const last = path[path.length - 1] ?? '';
  if (last === 'type') return BUILTINS_HINT;
  if (path.length === 2 && path[0] === 'events') return 'write a mapping of keywords, e.g. { description: ... }';
  if (last === 'properties' || last === 'commonProperties' || last === 'types') return 'write a mapping from name to type, e.g. { order_id: string }';
  if (path.length === 1 && last === 'events') return 'write events by name, e.g. { app_opened: { description: ... } }';
  if (plainSource !== undefined && expected === 'boolean' && yaml11Reading(plainSource) === 'a boolean') {
    const truthy = /^(?:yes|on|true)$/i.test(plainSource);
    return `YAML 1.2 reads \`${plainSource}\` as a string: write ${truthy}`;
  }
  if (plainSource !== undefined && plainSource !== '' && expected === 'string') return `quote it: "${plainSource}"`;
  if (expected.includes('object') && last !== '') return 'write a mapping of keywords, e.g. { type: string }';
  return undefined;
}

function notAllowed(file: ParsedFile, path: readonly string[], error: ErrorObject): Diagnostic {
  const params = error.params as { allowedValues?: readonly unknown[]; allowedValue?: unknown };
  const allowed = (params.allowedValues ?? [params.allowedValue]).map(String);
  const suggestion = typeof error.data === 'string' ? closestMatch(error.data, allowed) : undefined;
  return diagnostic(
    'invalid-value',
    locate(file, path),
    `${describe(path)} must be one of: ${allowed.join(', ')}`,
    suggestion !== undefined ? `did you mean \`${suggestion}\`?` : undefined,
  );
}

function missingHint(keyword: string): string | undefined {
  if (keyword === 'type') return 'every property needs a type, e.g. { type: string }';
  if (keyword === 'items') return 'say what the array holds, e.g. items: { type: string }';
  return undefined;
}

function schemaDescription(error: ErrorObject): string {
  return (error.parentSchema as { description?: string } | undefined)?.description ?? `must match ${String((error.params as { pattern?: string }).pattern)}`;
}

function valueAt(error: ErrorObject, index: number): unknown {
  return Array.isArray(error.data) ? (error.data as unknown[])[index] : undefined;
}

/** `events.paywall_viewed.properties.plan_ids.items`, with `[i]` for list positions. */
export function describe(path: readonly string[]): string {
  let out = '';
  for (const part of path) out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  return out === '' ? '' : `\`${out}\``;
}

function article(type: string): string {
  const names = type.split(',').map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : t === 'null' ? 'null' : `a ${t}`));
  return names.join(' or ');
}
