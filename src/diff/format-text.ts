// The diff report as terminal text: changes grouped by event, each with its bump, who it affects and
// what changed, then the counts and the version verdict. Colour is the caller's (a paint function
// that is the identity without colour). In: a report. Out: lines.
import type { Change } from './change.js';
import { affectsConsumers, breaksProducers, type DiffReport } from './report.js';

export type Paint = (style: 'red' | 'yellow' | 'dim' | 'bold', text: string) => string;

const PLAIN: Paint = (_style, text) => text;

/** Who a change affects, in a few words: `producers, consumers`, `consumers (additive)`, `cosmetic`. */
export function audience(change: Change): string {
  const who = [breaksProducers(change) ? 'producers' : undefined, change.impact.consumer === 'breaking' ? 'consumers' : change.impact.consumer === 'additive' ? 'consumers (additive)' : undefined];
  const named = who.filter((w) => w !== undefined);
  return named.length === 0 ? 'cosmetic' : named.join(', ');
}

/** Changes by event name in report order; taxonomy-level changes under the empty name, first. */
export function byEvent(changes: readonly Change[]): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const key = change.event ?? '';
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  return new Map([...groups].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : 0)));
}

export function formatDiffText(report: DiffReport, paint: Paint = PLAIN): string[] {
  const { base, head } = report;
  const lines = [`${paint('bold', `${base.taxonomy} ${base.version}`)} (${base.label}) → ${paint('bold', `${head.taxonomy} ${head.version}`)} (${head.label})`];
  if (report.changes.length === 0) return [...lines, 'no changes: both sides accept and describe the same events.'];
  const style = { major: 'red', minor: 'yellow', patch: 'dim', none: 'dim' } as const;
  const width = Math.max(...report.changes.map((c) => audience(c).length));
  for (const [event, changes] of byEvent(report.changes)) {
    lines.push('', event === '' ? paint('bold', 'taxonomy') : `${paint('bold', 'event')} ${event}`);
    for (const change of changes) {
      const via = change.via === undefined ? '' : paint('dim', ` (shared type ${change.via})`);
      lines.push(`  ${paint(style[change.bump], change.bump.padEnd(5))}  ${audience(change).padEnd(width)}  ${change.message}${via}`);
    }
  }
  const { summary } = report;
  lines.push('', `${summary.changes} change${summary.changes === 1 ? '' : 's'}: ${summary.producer} break producers, ${summary.consumer} affect consumers, ${summary.cosmetic} cosmetic.`);
  lines.push(versionLine(report));
  return lines;
}

/** `needs a major version; head declares 1.1.0 over 1.0.0 (minor): too low` */
export function versionLine(report: DiffReport): string {
  const { version, base, head } = report;
  const needed = version.needed === version.required ? version.required : `${version.needed} (${version.required}, while the major version is 0)`;
  const verdict = version.ok ? 'enough' : 'too low';
  return `version: the changes need ${version.needed === 'none' ? 'no new version' : `a ${needed} version`}; head declares ${head.version} over ${base.version} (${version.declared}): ${verdict}.`;
}

/** Whether `--fail-on` meets a change. */
export function failsOn(report: DiffReport, on: 'producer' | 'consumer' | 'any'): boolean {
  const test = on === 'producer' ? breaksProducers : on === 'consumer' ? affectsConsumers : (): boolean => true;
  return report.changes.some(test);
}
