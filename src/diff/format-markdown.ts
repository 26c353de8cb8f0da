// The diff report as Markdown for a pull-request comment: a headline with the version verdict, then
// the changes grouped by impact (breaks producers, affects consumers, cosmetic), one table per event.
// In: a report. Out: Markdown text.
import type { Change } from './change.js';
import { affectsConsumers, breaksProducers, type DiffReport } from './report.js';
import { byEvent, versionLine } from './format-text.js';

const GROUPS: readonly { readonly title: string; readonly test: (c: Change) => boolean }[] = [
  { title: 'Breaks producers', test: breaksProducers },
  { title: 'Affects consumers', test: (c) => !breaksProducers(c) && affectsConsumers(c) },
  { title: 'Cosmetic', test: (c) => !breaksProducers(c) && !affectsConsumers(c) },
];

export function formatDiffMarkdown(report: DiffReport): string {
  const { base, head, summary, version } = report;
  const mark = version.ok ? '✅' : '❌';
  const out = [
    `## Taxonomy changes: \`${cell(base.label)}\` → \`${cell(head.label)}\``,
    '',
    `**${base.taxonomy} ${base.version} → ${head.taxonomy} ${head.version}** · ${summary.changes} change${summary.changes === 1 ? '' : 's'} · ${summary.producer} break producers · ${summary.consumer} affect consumers · ${summary.cosmetic} cosmetic`,
    '',
    `${mark} ${versionLine(report)}`,
  ];
  if (report.changes.length === 0) return `${[...out, '', 'No changes: both sides accept and describe the same events.'].join('\n')}\n`;
  for (const group of GROUPS) {
    const changes = report.changes.filter(group.test);
    if (changes.length === 0) continue;
    out.push('', `### ${group.title} (${changes.length})`);
    for (const [event, list] of byEvent(changes)) {
      out.push('', event === '' ? '#### Taxonomy' : `#### \`${cell(event)}\``, '', '| change | where | what | bump |', '| --- | --- | --- | --- |');
      for (const c of list) {
        const where = c.path === undefined ? '' : `\`${cell(c.path)}\``;
        const via = c.via === undefined ? '' : ` (shared type \`${cell(c.via)}\`)`;
        out.push(`| ${c.kind} | ${where} | ${cell(c.message)}${via} | ${c.bump} |`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

/** Text safe inside a table cell: no pipe ends the cell, no newline ends the row. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
