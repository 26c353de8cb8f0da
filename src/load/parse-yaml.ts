// Parsing one taxonomy file: YAML text → plain JSON data plus an index from JSON pointer to source
// position. The taxonomy language is the plain subset of YAML 1.2 (core schema): anchors, aliases,
// tags, merge keys, complex keys, several documents and numbers JSON cannot carry are rejected here.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Scalar } from 'yaml';
import { diagnostic, type Diagnostic, type DiagnosticCode, type SourceLocation } from '../diagnostics.js';
import type { LoadLimits } from './limits.js';
import type { JsonValue, NodeInfo, ParsedFile } from './source-map.js';
import { pointerOf } from './source-map.js';

const YAML_ERROR_CODES: Readonly<Record<string, DiagnosticCode>> = {
  DUPLICATE_KEY: 'yaml-duplicate-key',
};

// Structure deeper than this is never a sensible taxonomy; the cap keeps recursion bounded.
const MAX_STRUCTURE_DEPTH = 64;

export function parseYamlFile(file: string, text: string, limits: LoadLimits): { parsed?: ParsedFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter,
    version: '1.2',
    schema: 'core',
    uniqueKeys: true,
    merge: false,
    prettyErrors: false,
  });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const documents = Array.isArray(docs) ? docs : [];
  const diagnostics: Diagnostic[] = [];
  for (const doc of documents) {
    for (const error of [...doc.errors, ...doc.warnings]) {
      const code = YAML_ERROR_CODES[error.code] ?? 'yaml-syntax';
      diagnostics.push(diagnostic(code, at(error.pos[0]), yamlMessage(error.message)));
    }
  }
  if (documents.length > 1) {
    const second = documents[1];
    diagnostics.push(
      diagnostic('yaml-multiple-documents', at(second?.range[0] ?? 0), `the file holds ${documents.length} YAML documents; a taxonomy file holds one`, 'split them into separate files in one taxonomy directory'),
    );
  }
  if (diagnostics.length > 0) return { diagnostics };
  const converter = new Converter(file, at, limits);
  const root = documents[0]?.contents;
  const value = root === undefined || root === null ? {} : converter.convert(root as Node, [], 0);
  return { parsed: { file, value, nodes: converter.nodes }, diagnostics: converter.diagnostics };
}

/** yaml's messages end with a code frame after a colon and newline; the location is ours to print. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  readonly nodes = new Map<string, NodeInfo>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly at: (offset: number) => SourceLocation,
    private readonly limits: LoadLimits,
  ) {}

  convert(node: Node, path: readonly string[], depth: number, keyAt?: SourceLocation): JsonValue {
    const where = this.at(node.range?.[0] ?? 0);
    this.record(path, { ...this.nodes.get(pointerOf(path)), value: where, ...(keyAt === undefined ? {} : { key: keyAt }) });
    if (isAlias(node)) {
      this.report('yaml-anchor', where, `alias \`*${node.source}\` is not allowed`, 'write the definition out, or use a shared type under `types:`');
      return null;
    }
    if (node.anchor !== undefined) {
      this.report('yaml-anchor', where, `anchor \`&${node.anchor}\` is not allowed`, 'write the definition out, or use a shared type under `types:`');
    }
    if (node.tag !== undefined) {
      this.report('yaml-tag', where, `tag \`${node.tag}\` is not allowed`, 'quote the value instead of tagging it');
    }
    if (depth > MAX_STRUCTURE_DEPTH) {
      this.report('limit-exceeded', where, `nesting deeper than ${MAX_STRUCTURE_DEPTH} levels`);
      return null;
    }
    if (isMap(node)) return this.convertMap(node.items, path, depth);
    if (isSeq(node)) {
      return node.items.map((item, i) => (item === null ? null : this.convert(item as Node, [...path, String(i)], depth + 1)));
    }
    if (isScalar(node)) return this.convertScalar(node, path, where);
    this.report('yaml-syntax', where, 'unsupported YAML node');
    return null;
  }

  private convertMap(items: readonly { key: unknown; value: unknown }[], path: readonly string[], depth: number): JsonValue {
    const result: Record<string, JsonValue> = {};
    for (const pair of items) {
      const keyNode = pair.key;
      if (!isScalar(keyNode)) {
        const offset = isMap(keyNode) || isSeq(keyNode) || isAlias(keyNode) ? (keyNode.range?.[0] ?? 0) : 0;
        this.report('yaml-syntax', this.at(offset), 'mapping keys must be plain names, not collections');
        continue;
      }
      const keyAt = this.at(keyNode.range?.[0] ?? 0);
      const key = String(keyNode.value);
      if (keyNode.type === 'PLAIN' && key === '<<') {
        this.report('yaml-merge-key', keyAt, 'merge key `<<` is not allowed', 'write the keys out where they are used');
        continue;
      }
      this.checkString(key, keyAt);
      const childPath = [...path, key];
      this.record(childPath, { key: keyAt, value: keyAt, keyPlain: keyNode.type === 'PLAIN', keySource: String(keyNode.source ?? key), keyScalar: keyNode.value });
      const valueNode = pair.value;
      // `key:` with nothing after it is YAML null; keep it so shape checks can name the key.
      const value = valueNode === null || valueNode === undefined ? null : this.convert(valueNode as Node, childPath, depth + 1, keyAt);
      // A JSON object cannot hold `__proto__` as data through plain assignment; define it explicitly
      // so the name checks see it and report it instead of it vanishing.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return result;
  }

  private convertScalar(node: Scalar, path: readonly string[], where: SourceLocation): JsonValue {
    const plain = node.type === 'PLAIN';
    const previous = this.nodes.get(pointerOf(path));
    this.record(path, { ...previous, value: where, plain, source: String(node.source ?? '') });
    const value = node.value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        this.report('yaml-unsafe-number', where, `\`${node.source}\` is not a finite number, which JSON cannot carry`);
        return null;
      }
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        this.report('yaml-unsafe-number', where, `integer \`${node.source}\` is beyond ±2^53 and cannot be represented exactly`, 'quote it if it is an identifier, or use a smaller bound');
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
    return null;
  }

  private checkString(value: string, where: SourceLocation): void {
    if (value.length > this.limits.maxStringLength) {
      this.report('limit-exceeded', where, `string of ${value.length} characters is over the limit of ${this.limits.maxStringLength}`, 'shorten it, or raise limits.maxStringLength');
    }
  }

  private record(path: readonly string[], info: NodeInfo): void {
    this.nodes.set(pointerOf(path), info);
  }

  private report(code: DiagnosticCode, where: SourceLocation, message: string, hint?: string): void {
    this.diagnostics.push(diagnostic(code, { ...where, file: this.file }, message, hint));
  }
}
