// The diff report: both sides, every change, the counts per audience and the version verdict. Its
// JSON form is the documented, stable shape of `flokit-gen diff --format json`
// (schema/diff-report.schema.json). In: two loaded sides. Out: a DiffReport (plain data).
import type { Taxonomy } from '../model/ir.js';
import type { Change } from './change.js';
import { compareTaxonomies } from './compare-taxonomies.js';
import { checkVersion, type VersionVerdict } from './version.js';

/** Bumped when a field changes meaning or disappears; new fields may appear without a bump. */
export const DIFF_REPORT_VERSION = 1;

export interface SideSummary {
  /** What the user named: a git ref, a path, or `working tree`. */
  readonly label: string;
  readonly taxonomy: string;
  readonly version: string;
  readonly events: number;
}

export interface DiffReport {
  readonly reportVersion: typeof DIFF_REPORT_VERSION;
  readonly base: SideSummary;
  readonly head: SideSummary;
  readonly summary: {
    readonly changes: number;
    /** Changes that break producers. */
    readonly producer: number;
    /** Changes with any consumer impact (breaking or additive). */
    readonly consumer: number;
    /** Changes with neither: docs only. */
    readonly cosmetic: number;
  };
  readonly version: VersionVerdict;
  readonly changes: readonly Change[];
}

/** Compares two loaded taxonomies; `labels` say how each side was named. */
export function diffTaxonomies(base: Taxonomy, head: Taxonomy, labels: { readonly base: string; readonly head: string } = { base: 'base', head: 'head' }): DiffReport {
  const changes = compareTaxonomies(base, head);
  const side = (label: string, t: Taxonomy): SideSummary => ({ label, taxonomy: t.name, version: t.version, events: t.events.length });
  return {
    reportVersion: DIFF_REPORT_VERSION,
    base: side(labels.base, base),
    head: side(labels.head, head),
    summary: {
      changes: changes.length,
      producer: changes.filter(breaksProducers).length,
      consumer: changes.filter(affectsConsumers).length,
      cosmetic: changes.filter(isCosmetic).length,
    },
    version: checkVersion(base.version, head.version, changes),
    changes,
  };
}

export function breaksProducers(change: Change): boolean {
  return change.impact.producer === 'breaking';
}

export function affectsConsumers(change: Change): boolean {
  return change.impact.consumer !== 'none';
}

export function isCosmetic(change: Change): boolean {
  return !breaksProducers(change) && !affectsConsumers(change);
}
