// Naming: every identifier and file name flokit-gen generates is computed here, once, from the
// user's wire names. Rules, in order: split a name into words at every character that cannot
// continue a JavaScript identifier (and at `_`), capitalise the first letter of each word, join;
// a result that cannot start an identifier gets a leading `_`. Wire names themselves are never
// changed. Collisions are compared case-insensitively and are errors, never silent renames.
// In: names. Out: identifiers, file stems, and the reasons a name cannot be used.
import { createRequire } from 'node:module';
import { firstInvisible } from '../diagnostics.js';


/** What the wire object of every event may carry besides `properties`; no property may use these. */
export const ENVELOPE_FIELDS: readonly string[] = ['event', 'user_id', 'anonymous_id', 'timestamp', 'properties'];

/**
 * Keys that JavaScript objects treat specially: as data keys they invite prototype pollution, and
 * every object inherits the Object.prototype ones, so `payload.toString` is never "absent" to code
 * (and to validators such as ajv by default) that reads properties the plain way.
 */
export const FORBIDDEN_NAMES: readonly string[] = [
  '__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf',
];

/**
 * Identifiers the generated module exports on its own. An event or type whose generated names would
 * clash with one of these is refused. Emitters add every fixed export they introduce here.
 */
export const MODULE_EXPORTS: readonly string[] = [
  'BatchItemResult',
  'BatchReport',
  'CaptureTransport',
  'CaptureTransportOptions',
  'CapturedEvent',
  'CapturedRequest',
  'EventInput',
  'EventName',
  'FloKitApiError',
  'FloKitAuthError',
  'FloKitClient',
  'FloKitClientOptions',
  'FloKitError',
  'FloKitEvent',
  'FloKitEventMap',
  'FloKitHooks',
  'FloKitLogger',
  'FloKitNetworkError',
  'FloKitRateLimitError',
  'FloKitSender',
  'FloKitValidationError',
  'FlushReport',
  'SendBatchOptions',
  'ShutdownReport',
  'TrackOptions',
  'TrackResult',
  'Transport',
  'TransportRequest',
  'TransportResponse',
  'ValidationMode',
  'ValidationResult',
  'Violation',
  'ViolationCode',
  'configureFloKit',
  'createCaptureTransport',
  'createFloKitClient',
  'isFloKitEvent',
  'validateEvent',
];

/**
 * Globals the generated code refers to by name, and TypeScript's utility types. A generated
 * identifier equal to one of these would shadow it inside the generated module (`isNaN` from an
 * event named `NaN`, a shared type named `date`).
 */
const GLOBALS_USED: readonly string[] = [
  'AbortController', 'AbortSignal', 'Array', 'Awaited', 'Boolean', 'Date', 'Error', 'Exclude', 'Extract',
  'Headers', 'Infinity', 'JSON', 'Map', 'Math', 'NaN', 'NonNullable', 'Number', 'Object', 'Omit', 'Parameters',
  'Partial', 'Pick', 'Promise', 'PromiseLike', 'RangeError', 'Readonly', 'ReadonlyArray', 'Record', 'RegExp',
  'Request', 'Required', 'Response', 'ReturnType', 'Set', 'String', 'Symbol', 'TextEncoder', 'TypeError', 'URL',
  'Uint8Array', 'clearTimeout', 'console', 'crypto', 'fetch', 'globalThis', 'isFinite', 'isNaN', 'parseFloat',
  'parseInt', 'process', 'setTimeout', 'undefined',
];

// Reserved words need no list: every identifier we build starts with a capital letter (types) or
// a lower-case prefix such as `track` (functions), and no reserved word has either form.
const GLOBALS: ReadonlySet<string> = new Set(GLOBALS_USED);

// A word is a run of identifier-continue characters other than `_` (and ZWNJ/ZWJ, refused anyway).
// Only characters that both Node and TypeScript accept count: TypeScript's Unicode tables lag
// Node's (letters new in Unicode 16, such as U+1C89, pass Node's regex and fail TypeScript's
// scanner), so a non-ASCII character is kept only when it is in the Basic Multilingual Plane and
// TypeScript's own scanner accepts it. ASCII names never load TypeScript.
const WORD = /(?:(?![\u{10000}-\u{10FFFF}])\p{ID_Continue})+/gu;
const ID_START = /^[\p{ID_Start}_$]/u;
const IDENTIFIER = /^[\p{ID_Start}_$][\p{ID_Continue}$]*$/u;
const ASCII = /^[\x00-\x7F]*$/;

let scanner: typeof import('typescript') | undefined;

/** TypeScript itself, loaded synchronously and only for a non-ASCII name. */
function typescript(): typeof import('typescript') {
  scanner ??= createRequire(import.meta.url)('typescript') as typeof import('typescript');
  return scanner;
}

function typescriptAcceptsPart(char: string): boolean {
  const ts = typescript();
  return ts.isIdentifierPart(char.codePointAt(0) ?? 0, ts.ScriptTarget.ESNext);
}

// Names repeat across events (every event has its `plan_id`); Unicode-property regexes are not cheap.
const PASCAL_CACHE = new Map<string, string | undefined>();

/** `paywall_viewed` → `PaywallViewed`; `3ds challenge` → `_3dsChallenge`; `!!!` → undefined. */
export function pascalCase(name: string): string | undefined {
  if (PASCAL_CACHE.has(name)) return PASCAL_CACHE.get(name);
  const result = computePascalCase(name);
  if (PASCAL_CACHE.size < 100_000) PASCAL_CACHE.set(name, result);
  return result;
}

function computePascalCase(name: string): string | undefined {
  const usable = ASCII.test(name) ? name : [...name].map((c) => (ASCII.test(c) || typescriptAcceptsPart(c) ? c : ' ')).join('');
  const words = (usable.match(WORD) ?? []).flatMap((w) => w.split('_')).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return ID_START.test(joined) ? joined : `_${joined}`;
}

/** A valid identifier to Node and, for non-ASCII text, to TypeScript's scanner as well. */
export function isIdentifier(text: string): boolean {
  if (!IDENTIFIER.test(text)) return false;
  if (ASCII.test(text)) return true;
  const ts = typescript();
  return [...text].every((c, i) => (i === 0 ? ts.isIdentifierStart : ts.isIdentifierPart)(c.codePointAt(0) ?? 0, ts.ScriptTarget.ESNext));
}

/** The key two names are compared by: equal keys collide (`user_id`, `userId`, `USER-ID`). */
export function collisionKey(identifier: string): string {
  return identifier.toLowerCase();
}

/** Why a generated identifier cannot be declared, or undefined when it can. */
export function reservedReason(identifier: string): string | undefined {
  if (GLOBALS.has(identifier)) return 'would shadow a global the generated code uses';
  const key = collisionKey(identifier);
  const clash = MODULE_EXPORTS.find((e) => collisionKey(e) === key);
  return clash === undefined ? undefined : `clashes with the generated module's own export \`${clash}\``;
}

/** The identifiers generated for one event. */
export interface EventIdentifiers {
  /** `PaywallViewedEvent`: the wire object's type. */
  readonly eventType: string;
  /** `PaywallViewedProperties`. */
  readonly propertiesType: string;
  readonly track: string;
  readonly build: string;
  readonly validate: string;
  /** Type guard, `isPaywallViewed`. */
  readonly guard: string;
}

/**
 * A generated module's private name for something of event `index`: `$check_PaywallViewed`,
 * `$spec_PaywallViewed`. The event's Pascal name when it is plain ASCII (readable), else its index
 * (never a clash: `$` names are the generator's own, and each kind has its prefix).
 */
export function internalName(prefix: string, eventType: string, index: number): string {
  const stem = eventType.replace(/Event$/, '');
  return `$${prefix}_${/^[A-Za-z0-9_]+$/.test(stem) ? stem : index}`;
}

export function eventIdentifiers(pascal: string): EventIdentifiers {
  // `_3ds` reads better as `track3ds` than `track_3ds`.
  const tail = pascal.startsWith('_') && /^_\p{Nd}/u.test(pascal) ? pascal.slice(1) : pascal;
  return {
    eventType: `${pascal}Event`,
    propertiesType: `${pascal}Properties`,
    track: `track${tail}`,
    build: `build${tail}`,
    validate: `validate${tail}`,
    guard: `is${tail}`,
  };
}

/** Longest file stem we emit; keeps `<stem>.schema.json` inside every file system's 255-byte limit. */
export const MAX_FILE_STEM = 200;

// Windows refuses these as file names, with any extension (`con.v2.schema.json` too).
const DEVICE_NAMES = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)/i;

/**
 * A portable, injective file stem for a wire name: ASCII letters, digits, `_`, `-` and inner `.`
 * stay; every other byte of the UTF-8 form becomes `%XX` (so `%` itself is encoded and no two names
 * share a stem). `Signup Completed` → `Signup%20Completed`.
 */
export function fileStem(name: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(name)) {
    const ch = String.fromCharCode(byte);
    const keep = /[A-Za-z0-9_-]/.test(ch) || (ch === '.' && out !== '');
    out += keep ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.endsWith('.')) out = `${out.slice(0, -1)}%2E`;
  if (DEVICE_NAMES.test(out)) out = `%${out.charCodeAt(0).toString(16).toUpperCase()}${out.slice(1)}`;
  return out;
}

/** The first invisible or text-reordering character in a name, as `U+202E`, or undefined. */
export function invisibleCharacter(name: string): string | undefined {
  return firstInvisible(name);
}
