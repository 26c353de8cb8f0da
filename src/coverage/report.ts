// The coverage report: the plan (the taxonomy) against what the code produces. Per planned event its
// sites and a status (produced, only in tests, never produced), deprecated events still produced,
// produced names the plan does not have, and the unresolved sites. This shape is the JSON format,
// documented in docs/coverage.md: fields are only ever added. In: the IR, findings, test globs and
// the directory paths are shown from. Out: the report, and which `--fail-on` conditions it meets.
import { relative, sep } from 'node:path';
import type { Taxonomy } from '../model/ir.js';
import type { Findings, ProducedSite, SiteLocation } from './findings.js';
import { globMatcher } from './globs.js';

export interface CoverageSite {
  /** Relative to the directory the command ran in, with `/`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The call at the site first, down to the generated helper: `["sendEvent", "client.track"]`. */
  readonly via: readonly string[];
  /** The file matches a test glob. */
  readonly test: boolean;
}

export type EventStatus = 'produced' | 'tests-only' | 'never-produced';

export interface EventCoverage {
  readonly name: string;
  /** `produced`: at least one site outside tests. */
  readonly status: EventStatus;
  readonly deprecated: boolean;
  readonly sites: readonly CoverageSite[];
}

export interface UnknownEvent {
  readonly name: string;
  readonly sites: readonly CoverageSite[];
}

export interface UnresolvedEntry extends CoverageSite {
  readonly reason: string;
}

export interface CoverageSummary {
  readonly planned: number;
  readonly produced: number;
  readonly testsOnly: number;
  readonly neverProduced: number;
  /** Deprecated events with a site outside tests. */
  readonly deprecatedProduced: number;
  readonly unknown: number;
  readonly unresolved: number;
}

export interface CoverageReport {
  /** The version of this shape; changes only if a field changes meaning or goes away. */
  readonly format: 1;
  readonly taxonomy: { readonly name: string; readonly version: string };
  /** The tsconfig files analysed, references included. */
  readonly projects: readonly string[];
  /** User source files analysed. */
  readonly files: number;
  /** In the taxonomy's order. */
  readonly events: readonly EventCoverage[];
  /** Sorted by name. */
  readonly unknown: readonly UnknownEvent[];
  /** Sorted by file and position. */
  readonly unresolved: readonly UnresolvedEntry[];
  readonly summary: CoverageSummary;
}

export const FAIL_ON = ['untracked', 'deprecated', 'unresolved', 'unknown'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface ReportOptions {
  readonly root: string;
  readonly testGlobs: readonly string[];
  readonly projects: readonly string[];
}

function shown(root: string, file: string): string {
  return (relative(root, file) || file).split(sep).join('/');
}

function statusOf(sites: readonly CoverageSite[]): EventStatus {
  if (sites.length === 0) return 'never-produced';
  return sites.some((s) => !s.test) ? 'produced' : 'tests-only';
}

export function buildReport(taxonomy: Taxonomy, findings: Findings, options: ReportOptions): CoverageReport {
  const isTest = globMatcher(options.testGlobs);
  const site = (s: SiteLocation & { via: readonly string[] }): CoverageSite => {
    const file = shown(options.root, s.file);
    return { file, line: s.line, column: s.column, via: s.via, test: isTest(file) };
  };
  const byEvent = new Map<string, ProducedSite[]>();
  for (const s of findings.produced) byEvent.set(s.event, [...(byEvent.get(s.event) ?? []), s]);
  const events = taxonomy.events.map((e): EventCoverage => {
    const sites = (byEvent.get(e.name) ?? []).map(site);
    return { name: e.name, status: statusOf(sites), deprecated: e.deprecated !== undefined, sites };
  });
  const planned = new Set(taxonomy.events.map((e) => e.name));
  const unknown = [...byEvent.keys()]
    .filter((name) => !planned.has(name))
    .sort()
    .map((name) => ({ name, sites: (byEvent.get(name) ?? []).map(site) }));
  const unresolved = findings.unresolved.map((u) => ({ ...site(u), reason: u.reason }));
  const count = (status: EventStatus): number => events.filter((e) => e.status === status).length;
  return {
    format: 1,
    taxonomy: { name: taxonomy.name, version: taxonomy.version },
    projects: options.projects.map((p) => shown(options.root, p)),
    files: findings.files,
    events,
    unknown,
    unresolved,
    summary: {
      planned: events.length,
      produced: count('produced'),
      testsOnly: count('tests-only'),
      neverProduced: count('never-produced'),
      deprecatedProduced: events.filter((e) => e.deprecated && e.status === 'produced').length,
      unknown: unknown.length,
      unresolved: unresolved.length,
    },
  };
}

/** The `--fail-on` conditions the report meets. `untracked`: a planned, not deprecated event with no site outside tests. */
export function failures(report: CoverageReport, conditions: readonly FailOn[]): FailOn[] {
  const met: Record<FailOn, boolean> = {
    untracked: report.events.some((e) => !e.deprecated && e.status !== 'produced'),
    deprecated: report.summary.deprecatedProduced > 0,
    unresolved: report.summary.unresolved > 0,
    unknown: report.summary.unknown > 0,
  };
  return conditions.filter((c) => met[c]);
}
