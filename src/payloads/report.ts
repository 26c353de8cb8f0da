// Output: strings only; the CLI prints them. In: results and the summary from
// src/payloads/sources.ts. Out: the human report of a result, the summary line, and the
// `--format json` report written in pieces.
import { visible } from '../diagnostics.js';
import type { PayloadViolation } from './check.js';
import type { PayloadResult, PayloadSummary, ProblemResult } from './sources.js';

/** `file:line[:column]`, `file[index]` or `file`. */
function where(result: PayloadResult): string {
  let at = result.source;
  if (result.line !== undefined) at += `:${result.line}`;
  if (result.line !== undefined && result.column !== undefined) at += `:${result.column}`;
  if (result.index !== undefined) at += `[${result.index}]`;
  return at;
}

/**
 * The human report of one result: undefined for a valid event; otherwise a block, the location
 * and event name, then each violation indented. Invisible and control characters from the input
 * are shown as `\u{1B}`, so a payload cannot write escape sequences to the terminal.
 * @example
 * // events.ndjson:3 paywall_viewed
 * //   /properties/paywall_id must be a string (got integer)
 * //   /properties/colr is not a property of paywall_viewed; did you mean "color"?
 */
export function formatPayloadResult(result: PayloadResult): string | undefined {
  if (result.kind === 'problem') return `${visible(where(result))} ${visible(result.message)}`;
  const { verdict } = result;
  if (verdict.valid) return undefined;
  const name = verdict.event === undefined ? '(no event name)' : /^[\w.:-]+$/.test(verdict.event) ? verdict.event : JSON.stringify(verdict.event);
  const lines = verdict.violations.map((v) => `  ${visible(v.path === '' ? '(payload)' : v.path)} ${visible(v.message)}${v.hint === undefined ? '' : `; ${visible(v.hint)}`}`);
  return [`${visible(where(result))} ${visible(name)}`, ...lines].join('\n');
}

/** `3 sources: 12 valid, 2 invalid.` */
export function formatPayloadSummary(summary: PayloadSummary): string {
  return `${summary.sources} source${summary.sources === 1 ? '' : 's'}: ${summary.valid} valid, ${summary.invalid} invalid.`;
}

/** An invalid event in the JSON report: its location, name and violations. */
export interface JsonReportEvent {
  readonly kind: 'event';
  readonly source: string;
  readonly line?: number;
  readonly index?: number;
  /** null when the payload has no string `event`. */
  readonly event: string | null;
  readonly violations: readonly PayloadViolation[];
}

/** The `--format json` document: every invalid result in input order, then the counts. */
export interface JsonReport {
  readonly invalid: readonly (JsonReportEvent | ProblemResult)[];
  readonly summary: PayloadSummary;
}

/**
 * Writes a {@link JsonReport} in pieces, so a report on a huge input streams too: `add` each result
 * (it returns '' for a valid event), then `end` with the summary. The pieces concatenated are one
 * JSON document ending in a newline.
 */
export interface JsonReportWriter {
  add(result: PayloadResult): string;
  end(summary: PayloadSummary): string;
}

export function createJsonReportWriter(): JsonReportWriter {
  let count = 0;
  return {
    add(result) {
      if (result.kind === 'event' && result.verdict.valid) return '';
      return (count++ === 0 ? '{"invalid":[\n' : ',\n') + JSON.stringify(jsonEntry(result));
    },
    end(summary) {
      const counts: PayloadSummary = { valid: summary.valid, invalid: summary.invalid, sources: summary.sources };
      return `${count === 0 ? '{"invalid":[' : '\n'}],"summary":${JSON.stringify(counts)}}\n`;
    },
  };
}

function jsonEntry(result: PayloadResult): JsonReportEvent | ProblemResult {
  if (result.kind === 'problem') return result;
  const { verdict, ...at } = result;
  return { ...at, event: verdict.event ?? null, violations: verdict.violations };
}
