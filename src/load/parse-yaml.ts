// Parsing one taxonomy file: YAML text → plain JSON data plus an index from JSON pointer to source
// position. The taxonomy language is the plain subset of YAML 1.2 (core schema): anchors, aliases,
// tags, merge keys, complex keys, duplicate keys, several documents and numbers JSON cannot carry
// are reported here. A node reported here is "poisoned": later stages drop it instead of reporting
// it again in other words. In: file name, text, limits. Out: the parsed file and diagnostics.
import { createRequire } from 'node:module';
import type { Node, Scalar, YAMLError } from 'yaml';
import { diagnostic, withSource, type Diagnostic, type DiagnosticCode, type SourceLocation } from '../diagnostics.js';
import { findMisindentedKey } from './indentation.js';
import type { LoadLimits } from './limits.js';
import type { JsonValue, NodeInfo, ParsedFile } from './source-map.js';
import { pointerSegment } from './source-map.js';

let yamlModule: typeof import('yaml') | undefined;

/** The yaml library, loaded on first use: commands that read no taxonomy never load it. */
function yamlLib(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}

// Structure deeper than this is never a sensible taxonomy; the cap keeps recursion bounded.
const MAX_STRUCTURE_DEPTH = 64;

// Errors that the converter reports better itself, at the node, with the tag as written.
const REPORTED_BY_CONVERTER = new Set(['TAG_RESOLVE_FAILED']);

export function parseYamlFile(file: string, text: string, limits: LoadLimits): { parsed?: ParsedFile; diagnostics: Diagnostic[] } {
  const { LineCounter, parseAllDocuments } = yamlLib();
  const lineCounter = new LineCounter();
  const parsedDocs = parseAllDocuments(text, { lineCounter, version: '1.2', schema: 'core', uniqueKeys: false, merge: false, prettyErrors: false });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  // A trailing `---` with nothing after it is not a second document.
  const documents = (Array.isArray(parsedDocs) ? parsedDocs : []).filter((doc, i) => i === 0 || doc.contents !== null || doc.errors.length > 0);
  const diagnostics: Diagnostic[] = [];
  const directive = /^%YAML[ \t]+([^\s#]*)/m.exec(text);
  const unsupportedVersion = directive !== null && directive[1] !== '1.2';
  if (unsupportedVersion) {
    diagnostics.push(diagnostic('yaml-syntax', at(directive.index), `\`%YAML ${directive[1] ?? ''}\` is not supported: taxonomy files are YAML 1.2`, 'remove the directive'));
  }
  const errors = documents.flatMap((doc) => [...doc.errors, ...doc.warnings]).filter((e) => !REPORTED_BY_CONVERTER.has(e.code) && !(unsupportedVersion && e.code === 'BAD_DIRECTIVE'));
  diagnostics.push(...syntaxDiagnostics(text, errors, at));
  if (documents.length > 1) {
    const second = documents[1];
    diagnostics.push(
      diagnostic('yaml-multiple-documents', at(second?.range[0] ?? 0), `the file holds ${documents.length} YAML documents; a taxonomy file holds one`, 'split them into separate files in one taxonomy directory'),
    );
  }
  if (diagnostics.length > 0) return { diagnostics };
  const converter = new Converter(file, text, at, limits);
  const root = documents[0]?.contents;
  const value = root === undefined || root === null ? {} : converter.convert(root as Node, '', 0);
  return { parsed: { file, value, nodes: converter.nodes, poisoned: converter.poisoned, original: value }, diagnostics: converter.diagnostics };
}

/** One mapping entry, parsed alone: its key, its value and the positions of both and all inside. */
export interface ParsedEntry {
  readonly key: string;
  readonly value: JsonValue;
  readonly nodes: ReadonlyMap<string, NodeInfo>;
}

/**
 * Parses one entry of a block mapping on its own, as parseYamlFile would parse it in its file: `text`
 * is its lines as written (from the line of its key, which is `firstLine`, to the next sibling's),
 * `pointer` and `depth` are those of the mapping that holds it. Undefined unless the text is exactly
 * one mapping entry that the parser and the converter accept without a word (no error or warning,
 * directive, document marker, anchor, tag or limit): the caller then parses the whole file, which
 * reports whatever it is where it belongs.
 */
export function parseEntry(file: string, text: string, firstLine: number, pointer: string, depth: number, limits: LoadLimits): ParsedEntry | undefined {
  if (/^(?:%|---|\.\.\.)/m.test(text)) return undefined;
  const { LineCounter, parseAllDocuments, isMap } = yamlLib();
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, version: '1.2', schema: 'core', uniqueKeys: false, merge: false, prettyErrors: false });
  const document = Array.isArray(documents) && documents.length === 1 ? documents[0] : undefined;
  if (document === undefined || document.errors.length > 0 || document.warnings.length > 0) return undefined;
  const root = document.contents;
  if (!isMap(root) || root.items.length !== 1) return undefined;
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line: line + firstLine - 1, column: col };
  };
  const converter = new Converter(file, text, at, limits);
  const value = converter.convert(root as Node, pointer, depth);
  if (converter.diagnostics.length > 0 || converter.poisoned.length > 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const key = keys[0];
  if (key === undefined || keys.length !== 1) return undefined;
  return { key, value: (value as Record<string, JsonValue>)[key] as JsonValue, nodes: converter.nodes };
}

/** yaml's messages end with a code frame after a colon and newline; the location is ours to print. */
// What yaml says about one mis-indented key, in up to three errors on its line or the line above.
const INDENTATION_ERRORS = new Set(['BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);

/**
 * One diagnostic per mistake, each showing its line: a mis-indented key is one diagnostic at the key,
 * saying which indentation would fit (see indentation.ts), instead of yaml's cascade; otherwise the
 * first of yaml's errors on a line stands for that line.
 */
function syntaxDiagnostics(text: string, errors: readonly YAMLError[], at: (offset: number) => SourceLocation): Diagnostic[] {
  const located = errors.map((error) => ({ error, where: at(syntaxOffset(text, error)) }));
  const firstIndentation = located.find((e) => INDENTATION_ERRORS.has(e.error.code));
  const misindented = firstIndentation === undefined ? undefined : findMisindentedKey(text, firstIndentation.where.line + 1);
  const out: Diagnostic[] = [];
  const lines = new Set<number>();
  if (misindented !== undefined) {
    const where = { file: firstIndentation?.where.file ?? '', line: misindented.line, column: misindented.column };
    out.push(withSource(diagnostic('yaml-syntax', where, misindented.message, misindented.hint), text));
    for (let line = misindented.line - 1; line <= misindented.line + 1; line++) lines.add(line);
  }
  for (const { error, where } of located) {
    if (lines.has(where.line) && (INDENTATION_ERRORS.has(error.code) || misindented === undefined)) continue;
    lines.add(where.line);
    // The parser recurses per level; absurd nesting exhausts its stack before our own cap applies.
    if (/call stack/i.test(error.message)) out.push(diagnostic('limit-exceeded', at(error.pos[0]), `nesting deeper than ${MAX_STRUCTURE_DEPTH} levels`));
    else out.push(withSource(diagnostic('yaml-syntax', where, yamlMessage(error.message)), text));
  }
  return out;
}

function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Where a syntax error really is. yaml reports an unclosed quote or bracket where it gave up (often
 * the end of the file); the opening character is what the user must fix. An error at the start of an
 * indented line points at its first character.
 */
function syntaxOffset(text: string, error: YAMLError): number {
  const pos = error.pos[0];
  const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1];
  if (quote !== undefined) {
    // The opening quote is the last one that is not escaped: `''` inside single quotes, `\"` inside double.
    for (let i = text.lastIndexOf(quote, pos - 1); i !== -1; i = text.lastIndexOf(quote, i - 1)) {
      if (quote === "'" && text[i - 1] === "'") {
        i--;
        continue;
      }
      if (quote === '"' && text[i - 1] === '\\') continue;
      return i;
    }
  }
  const bracket = /end with a ([}\]])/.exec(error.message)?.[1];
  if (bracket !== undefined) {
    const open = bracket === '}' ? '{' : '[';
    let depth = 0;
    for (let i = Math.min(pos, text.length) - 1; i >= 0; i--) {
      if (text[i] === bracket) depth++;
      else if (text[i] === open && depth-- === 0) return i;
    }
  }
  let offset = pos;
  if (offset === 0 || text[offset - 1] === '\n') while (text[offset] === ' ') offset++;
  return offset;
}

/** The `&anchor` and `!tag` tokens written just before a node's value, with their offsets. */
function propertyTokens(text: string, start: number): { token: string; offset: number }[] {
  const tokens: { token: string; offset: number }[] = [];
  let end = start;
  for (;;) {
    let i = end;
    while (i > 0 && /\s/.test(text[i - 1] ?? '')) i--;
    let j = i;
    while (j > 0 && !/[\s{[,]/.test(text[j - 1] ?? '')) j--;
    const token = text.slice(j, i);
    if (!token.startsWith('&') && !token.startsWith('!')) return tokens;
    tokens.push({ token, offset: j });
    end = j;
  }
}

/**
 * Sets a data property. Plain assignment keeps objects fast; only `__proto__` must be defined, or
 * assignment would change the prototype and lose the key, which the name checks must see to report.
 */
export function setData(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

class Converter {
  readonly nodes = new Map<string, Writable<NodeInfo>>();
  readonly diagnostics: Diagnostic[] = [];
  /** Pointers of nodes already reported, for later stages to drop. */
  readonly poisoned: string[] = [];

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly at: (offset: number) => SourceLocation,
    private readonly limits: LoadLimits,
  ) {}

  /**
   * `pointer` is the node's JSON pointer, built as the walk descends (no path arrays to allocate);
   * `known`, the record its mapping made for it with its key's position.
   */
  convert(node: Node, pointer: string, depth: number, known?: Writable<NodeInfo>): JsonValue {
    const start = node.range?.[0] ?? 0;
    const where = this.at(start);
    // One record per node, filled in as the walk learns more and handed down, not looked up again
    // (no copies, no lookups: a taxonomy has ~10^5 nodes).
    let info = known;
    if (info === undefined) {
      info = { value: where };
      this.nodes.set(pointer, info);
    } else info.value = where;
    if (yamlLib().isAlias(node)) {
      this.report('yaml-anchor', where, `alias \`*${node.source}\` is not allowed`, 'write the definition out, or use a shared type under `types:`');
      this.poisoned.push(pointer);
      return null;
    }
    this.nodeProperties(node, where, 'value');
    if (depth > MAX_STRUCTURE_DEPTH) {
      this.report('limit-exceeded', where, `nesting deeper than ${MAX_STRUCTURE_DEPTH} levels`);
      this.poisoned.push(pointer);
      return null;
    }
    if (yamlLib().isMap(node)) return this.convertMap(node.items, pointer, depth);
    if (yamlLib().isSeq(node)) {
      return node.items.map((item, i) => (item === null ? null : this.convert(item as Node, `${pointer}/${i}`, depth + 1)));
    }
    if (yamlLib().isScalar(node)) return this.convertScalar(node, pointer, where, info);
    this.report('yaml-syntax', where, 'unsupported YAML node');
    this.poisoned.push(pointer);
    return null;
  }

  private convertMap(items: readonly { key: unknown; value: unknown }[], pointer: string, depth: number): JsonValue {
    const result: Record<string, JsonValue> = {};
    for (const pair of items) {
      const keyNode = pair.key;
      if (!yamlLib().isScalar(keyNode)) {
        const offset = yamlLib().isMap(keyNode) || yamlLib().isSeq(keyNode) || yamlLib().isAlias(keyNode) ? (keyNode.range?.[0] ?? 0) : 0;
        this.report('yaml-syntax', this.at(offset), 'mapping keys must be plain names, not collections');
        this.poisoned.push(pointer);
        continue;
      }
      const keyAt = this.at(keyNode.range?.[0] ?? 0);
      const key = String(keyNode.value);
      this.nodeProperties(keyNode, keyAt, 'name');
      if (keyNode.type === 'PLAIN' && key === '<<') {
        this.report('yaml-merge-key', keyAt, 'merge key `<<` is not allowed', 'write the keys out where they are used');
        this.poisoned.push(pointer); // the mapping is incomplete without the merged keys
        continue;
      }
      const child = `${pointer}/${pointerSegment(key)}`;
      // A key seen before in this mapping is in the result, and its node holds where it was written
      // (no map of first sightings per mapping: a taxonomy has ~10^5 mappings).
      const first = Object.hasOwn(result, key) ? this.nodes.get(child)?.key : undefined;
      if (first !== undefined) {
        this.report('yaml-duplicate-key', keyAt, `key \`${key}\` appears twice in this mapping: here and at ${first.file}:${first.line}:${first.column}`, 'keep one of them');
        continue;
      }
      this.checkString(key, keyAt);
      const info: Writable<NodeInfo> = { key: keyAt, value: keyAt, keyPlain: keyNode.type === 'PLAIN' && keyNode.tag === undefined, keySource: String(keyNode.source ?? key), keyScalar: keyNode.value };
      this.nodes.set(child, info);
      const valueNode = pair.value;
      // `key:` with nothing after it is YAML null; keep it so shape checks can name the key.
      const value = valueNode === null || valueNode === undefined ? null : this.convert(valueNode as Node, child, depth + 1, info);
      setData(result, key, value);
    }
    return result;
  }

  /** Anchors and tags, on values and keys alike (`&k plan: string`), reported where they are written. */
  private nodeProperties(node: Node, fallback: SourceLocation, what: 'value' | 'name'): void {
    if (node.anchor === undefined && node.tag === undefined) return; // the common case: scan nothing
    const tokens = propertyTokens(this.text, node.range?.[0] ?? 0);
    const at = (prefix: string): SourceLocation => {
      const token = tokens.find((t) => t.token.startsWith(prefix));
      return token === undefined ? fallback : this.at(token.offset);
    };
    if (node.anchor !== undefined) {
      this.report('yaml-anchor', at('&'), `anchor \`&${node.anchor}\` is not allowed`, 'write the definition out, or use a shared type under `types:`');
    }
    if (node.tag !== undefined) {
      const written = tokens.find((t) => t.token.startsWith('!'))?.token ?? node.tag;
      this.report('yaml-tag', at('!'), `tag \`${written}\` is not allowed`, `quote the ${what} instead of tagging it`);
    }
  }

  private convertScalar(node: Scalar, pointer: string, where: SourceLocation, info: Writable<NodeInfo>): JsonValue {
    // A tagged scalar says what it is, so it is not ambiguous (the tag itself is reported).
    info.plain = node.type === 'PLAIN' && node.tag === undefined;
    info.source = String(node.source ?? '');
    const value = node.value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        this.report('yaml-unsafe-number', where, `\`${node.source}\` is not a finite number, which JSON cannot carry`);
        this.poisoned.push(pointer);
        return null;
      }
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        this.report('yaml-unsafe-number', where, `integer \`${node.source}\` is beyond ±2^53 and cannot be represented exactly`, 'quote it if it is an identifier, or use a smaller bound');
        this.poisoned.push(pointer);
        return null;
      }
      return Object.is(value, -0) ? 0 : value; // JSON has one zero
    }
    if (typeof value === 'string') {
      this.checkString(value, where);
      return value;
    }
    if (typeof value === 'boolean' || value === null) return value;
    this.report('yaml-syntax', where, `unsupported scalar \`${String(node.source)}\``);
    this.poisoned.push(pointer);
    return null;
  }

  private checkString(value: string, where: SourceLocation): void {
    // Cheap UTF-16 test first; the limit itself counts code points, like maxNameLength.
    if (value.length > this.limits.maxStringLength && [...value].length > this.limits.maxStringLength) {
      this.report('limit-exceeded', where, `string of ${[...value].length} characters is over the limit of ${this.limits.maxStringLength}`, 'shorten it, or raise limits.maxStringLength');
    }
  }

  private report(code: DiagnosticCode, where: SourceLocation, message: string, hint?: string): void {
    this.diagnostics.push(diagnostic(code, { ...where, file: this.file }, message, hint));
  }
}
