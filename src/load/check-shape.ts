// Shape check: one parsed file against the taxonomy format's JSON Schema (via ajv), with each ajv
// error turned into a located diagnostic in the format's own words. In: a ParsedFile. Out: diagnostics.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closestMatch, diagnostic, type Diagnostic } from '../diagnostics.js';
import { ALL_PROPERTY_KEYWORDS, FORMAT_SCHEMA } from './format-schema.js';
import { locate, pathOfPointer, pointerOf, type JsonValue, type ParsedFile } from './source-map.js';

let validator: ValidateFunction | undefined;

function formatValidator(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile(FORMAT_SCHEMA);
  return validator;
}

// Errors that only say "a branch failed"; the branch's own errors say what is wrong.
const WRAPPER_KEYWORDS = new Set(['if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not']);

export interface ShapeResult {
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The file's data with every part that failed removed, so later checks can still run on the rest
   * and report everything in one go (like a compiler recovering after a syntax error). Undefined
   * when pruning did not converge, which only a pathological file causes.
   */
  readonly value?: JsonValue;
}

export function checkShape(file: ParsedFile): ShapeResult {
  const validate = formatValidator();
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  let value = file.value;
  for (let round = 0; round < 4; round++) {
    if (validate(value)) return { diagnostics, value };
    const prune = new Set<string>();
    for (const error of validate.errors ?? []) {
      if (WRAPPER_KEYWORDS.has(error.keyword)) continue;
      prune.add(pointerOf(prunePath(error)));
      const d = toDiagnostic(file, error);
      const key = `${d.line}:${d.column}:${d.code}:${d.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        diagnostics.push(d);
      }
    }
    value = without(value, prune, '');
  }
  return { diagnostics };
}

/** What to drop for an error: the unknown key, the keyword or definition at fault, a whole list. */
function prunePath(error: ErrorObject): string[] {
  const path = pathOfPointer(error.instancePath);
  if (error.keyword === 'additionalProperties') return [...path, String((error.params as { additionalProperty: string }).additionalProperty)];
  while (path.length > 0 && /^\d+$/.test(path[path.length - 1] ?? '')) path.pop();
  // A definition that is not even a mapping, or lacks `type`, goes as a whole; so does a bad `type`.
  if (path[path.length - 1] === 'type') path.pop();
  return path;
}

function without(value: JsonValue, prune: ReadonlySet<string>, pointer: string): JsonValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, child] of Object.entries(value)) {
    const childPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (prune.has(childPointer)) continue;
    Object.defineProperty(out, key, { value: without(child, prune, childPointer), enumerable: true, writable: true, configurable: true });
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
      return diagnostic('missing-keyword', locate(file, path), `${name === '' ? 'the file' : name} needs \`${String(params['missingProperty'])}\``, missingHint(String(params['missingProperty'])));
    case 'type':
      return wrongType(file, path, String(params['type']));
    case 'enum':
    case 'const':
      return notAllowed(file, path, error);
    case 'pattern':
      return diagnostic('invalid-value', locate(file, path), `${name} is not valid: ${schemaDescription(error)}`);
    case 'uniqueItems':
      return diagnostic('invalid-value', locate(file, path), `${name} lists \`${String(valueAt(error, Number(params['j'])))}\` twice`);
    default:
      return diagnostic('invalid-value', locate(file, path), `${name} ${error.message ?? 'is not valid'}`);
  }
}

function unknownKey(file: ParsedFile, parent: readonly string[], key: string, error: ErrorObject): Diagnostic {
  const at = locate(file, [...parent, key], 'key');
  const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const data = error.data as Record<string, JsonValue>;
  const type = typeof data['type'] === 'string' ? data['type'] : undefined;
  const propertyKind = /#\/definitions\/(\w+)Property\/additionalProperties$/.exec(error.schemaPath)?.[1];
  if (type !== undefined && propertyKind !== undefined && ALL_PROPERTY_KEYWORDS.has(key)) {
    if (propertyKind === 'sharedType') {
      return diagnostic('keyword-not-applicable', at, `\`${key}\` cannot narrow shared type \`${type}\` where it is used`, 'put constraints on the shared type itself, or define a new shared type');
    }
    return diagnostic('keyword-not-applicable', at, `\`${key}\` does not apply to type \`${type}\``);
  }
  const suggestion = closestMatch(key, allowed);
  // `{ description: Amount, e.g. 49.99 }`: the comma ended the value and began a "key".
  if (/\s/.test(key) && suggestion === undefined) {
    return diagnostic('unknown-keyword', at, `unknown keyword \`${key}\` in ${describe(parent) || 'the file'}`, 'a comma inside { ... } starts a new key: quote the value before it');
  }
  const where = parent.length === 0 ? 'at the top level' : `in ${describe(parent)}`;
  return diagnostic(
    'unknown-keyword',
    at,
    `unknown keyword \`${key}\` ${where}`,
    suggestion !== undefined ? `did you mean \`${suggestion}\`?` : `allowed here: ${allowed.join(', ')}`,
  );
}

function wrongType(file: ParsedFile, path: readonly string[], expected: string): Diagnostic {
  const at = locate(file, path);
  const info = file.nodes.get(pointerOf(path));
  const last = path[path.length - 1] ?? '';
  const inValueList = /^\d+$/.test(last) ? path[path.length - 2] : last;
  const code = inValueList === 'enum' || inValueList === 'const' || inValueList === 'examples' ? 'value-mismatch' : 'wrong-type';
  const quoted = expected === 'string' && info?.plain === true ? `quote it: "${info.source ?? ''}"` : undefined;
  const hint = quoted ?? (expected.includes('object') && last !== '' ? 'write a mapping of keywords, e.g. { type: string }' : undefined);
  return diagnostic(code, at, `${describe(path) || 'the file'} must be ${article(expected)}`, hint);
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
  const names = type.split(',').map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`));
  return names.join(' or ');
}
