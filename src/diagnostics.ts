// Diagnostics: the one shape every problem in a taxonomy is reported in, the catalogue of stable
// codes, and their formatting. In: nothing (imports no other module). Out: types and pure helpers.

/** Every code a diagnostic can carry. Codes are stable: tools and docs/taxonomy.md refer to them. */
export const DIAGNOSTIC_CODES = {
  'file-not-found': 'The taxonomy path does not exist or cannot be read.',
  'invalid-config': 'A flokit-gen config file (flokit.config.json/.yaml, or "flokit" in package.json) that cannot be used.',
  'no-taxonomy-files': 'A taxonomy directory holds no .yaml or .yml file.',
  'file-too-large': 'A taxonomy file exceeds the configured size limit.',
  'invalid-utf8': 'A taxonomy file is not valid UTF-8.',
  'control-character': 'A control character appears in a taxonomy file.',
  'yaml-syntax': 'The file is not well-formed YAML.',
  'yaml-duplicate-key': 'The same key appears twice in one mapping.',
  'yaml-anchor': 'Anchors and aliases are not allowed: every definition is written out.',
  'yaml-tag': 'YAML tags (!!str, !custom) are not allowed.',
  'yaml-merge-key': 'Merge keys (<<) are not allowed.',
  'yaml-multiple-documents': 'A taxonomy file holds exactly one YAML document.',
  'yaml-ambiguous-scalar': 'An unquoted scalar that YAML 1.1 tools read as a boolean, null, number or date.',
  'yaml-unsafe-number': 'A number JSON cannot carry exactly (beyond ±2^53, .inf, .nan).',
  'unknown-keyword': 'A keyword the taxonomy format does not define.',
  'keyword-not-applicable': 'A keyword that does not apply to the property type (pattern on a number).',
  'wrong-type': 'A keyword whose value has the wrong type.',
  'missing-keyword': 'A required keyword is absent.',
  'invalid-value': 'A keyword value outside its allowed set or form.',
  'invalid-range': 'Bounds that no value can satisfy (minimum > maximum).',
  'empty-enum': 'An enum with no values.',
  'duplicate-enum-value': 'The same value listed twice in one enum.',
  'value-mismatch': 'A const, enum or examples value that fails its own type or constraints.',
  'invalid-pattern': 'A pattern that is not a valid regular expression.',
  'unsafe-pattern': 'A pattern open to catastrophic backtracking (nested unbounded quantifiers).',
  'limit-exceeded': 'Beyond a configured limit: events, properties, nesting depth or string length.',
  'duplicate-definition': 'The same event, type, common property or header defined twice.',
  'missing-header': 'No file declares `taxonomy` and `version`.',
  'unknown-type': 'A property type that is neither built in nor a shared type.',
  'recursive-type': 'Shared types that reference themselves, directly or through others.',
  'common-property-redefined': 'An event defines a property that commonProperties already defines.',
  'name-collision': 'Two names that become the same identifier, or differ only in case.',
  'name-no-identifier': 'A name with no letter or digit to build an identifier from.',
  'name-reserved': "A name whose identifier clashes with the generated module's own exports or builtins.",
  'name-forbidden': 'A name JavaScript objects treat specially (__proto__, constructor, prototype).',
  'name-invisible-character': 'A name with bidirectional-control, zero-width or control characters.',
  'name-too-long': 'A name beyond the configured length, or too long for a file name.',
  'invisible-character': 'A control, format (bidi, zero-width) or unpaired surrogate character in a value, tag or pattern.',
  'envelope-property': 'A property named like an envelope field (event, user_id, anonymous_id, timestamp, properties).',
  'invalid-idempotency-key': 'An idempotencyKey field that does not exist or is not a required scalar.',
  'invalid-rename': 'A renamedFrom name that is the current name, still exists beside it, or is claimed twice.',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** A place in a source file; line and column are 1-based, columns count UTF-16 code units. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic extends SourceLocation {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** How to fix it, when we can tell: "did you mean `required`?" */
  readonly hint?: string;
  /** The source line it is on, shown under the message with a caret at the column. */
  readonly source?: string;
}

/** `d` with the line of `text` it points at, for the excerpt under its message. */
export function withSource(d: Diagnostic, text: string): Diagnostic {
  let start = 0;
  for (let line = 1; line < d.line && start !== -1; line++) {
    const next = text.indexOf('\n', start);
    start = next === -1 ? -1 : next + 1;
  }
  if (start === -1) return d;
  const end = text.indexOf('\n', start);
  return { ...d, source: text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '') };
}

export function diagnostic(
  code: DiagnosticCode,
  at: SourceLocation,
  message: string,
  hint?: string,
): Diagnostic {
  const base = { code, message: visible(message), file: at.file, line: at.line, column: at.column };
  return hint === undefined ? base : { ...base, hint: visible(hint) };
}

// Controls, format characters (bidi overrides and isolates, zero-width joiners and spaces, the BOM,
// soft hyphen), unpaired surrogates, and the line and paragraph separators: invisible, or able to
// reorder or break the text around them (the "Trojan Source" family).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;

/** Shows every invisible character as `\u{202E}`, so a message or comment cannot be disguised. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`);
}

/** The first invisible character in a text, as `U+202E`, or undefined. */
export function firstInvisible(text: string, allowLineSeparators = false): string | undefined {
  for (const match of text.matchAll(INVISIBLE)) {
    const code = match[0].codePointAt(0) ?? 0;
    if (allowLineSeparators && (code === 0x2028 || code === 0x2029)) continue;
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}

/** Thrown by the public API when a taxonomy has problems; carries every one of them. */
export class TaxonomyError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const n = diagnostics.length;
    super(`The taxonomy has ${n} problem${n === 1 ? '' : 's'}:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
    this.name = 'TaxonomyError';
    this.diagnostics = diagnostics;
  }
}

/**
 * `file:line:col error code: message`, then the source line with a caret under the column when the
 * diagnostic carries it, then an indented hint line: the compiler convention editors link.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const lines = [`${d.file}:${d.line}:${d.column} error ${d.code}: ${d.message}`];
  if (d.source !== undefined) {
    const gutter = String(d.line).padStart(4);
    // Tabs stay tabs under the caret, so it lines up however the terminal shows them.
    const lead = d.source.slice(0, Math.max(0, d.column - 1)).replace(/[^\t]/g, ' ');
    lines.push(`${gutter} | ${d.source.split('\t').map(visible).join('\t')}`, `${' '.repeat(gutter.length)} | ${lead}^`);
  }
  if (d.hint !== undefined) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

/** Stable order: by file, then position, then code, so output never depends on check order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.code, b.code) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions (`requried`). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}
