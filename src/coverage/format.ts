// The coverage report as text (the terminal), Markdown (a pull-request comment, a job summary) and
// JSON (tools: the CoverageReport shape as is). In: a report. Out: the text to print.
import type { CoverageReport, CoverageSite, EventCoverage } from './report.js';

export type CoverageFormat = 'text' | 'markdown' | 'json';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function where(site: CoverageSite): string {
  return `${site.file}:${site.line}:${site.column}`;
}

function via(site: CoverageSite): string {
  return `${site.via.join(' → ')}${site.test ? ' (test)' : ''}`;
}

function status(event: EventCoverage): string {
  const text = { produced: 'produced', 'tests-only': 'only in tests', 'never-produced': 'never produced' }[event.status];
  if (!event.deprecated) return text;
  return event.status === 'produced' ? 'deprecated, still produced' : `deprecated, ${text}`;
}

function state(event: EventCoverage): string {
  return event.sites.length === 0 ? status(event) : `${status(event)}, ${plural(event.sites.length, 'site')}`;
}

export function summaryLine(report: CoverageReport): string {
  const s = report.summary;
  const parts = [`${plural(s.planned, 'planned event')}: ${s.produced} produced, ${s.testsOnly} only in tests, ${s.neverProduced} never produced`];
  if (s.deprecatedProduced > 0) parts.push(`${plural(s.deprecatedProduced, 'deprecated event')} still produced`);
  if (s.unknown > 0) parts.push(`${plural(s.unknown, 'unknown event name')}`);
  parts.push(`${plural(s.unresolved, 'unresolved site')}`);
  return `Coverage of ${report.taxonomy.name} ${report.taxonomy.version} in ${plural(report.files, 'file')} (${report.projects.join(', ')}): ${parts.join('; ')}.`;
}

function siteLines(sites: readonly CoverageSite[]): string[] {
  const width = Math.max(0, ...sites.map((s) => where(s).length));
  return sites.map((s) => `  ${where(s).padEnd(width)}  ${via(s)}`);
}

export function formatText(report: CoverageReport): string {
  const lines = [summaryLine(report), ''];
  for (const event of report.events) lines.push(`${event.name}: ${state(event)}`, ...siteLines(event.sites));
  if (report.unknown.length > 0) {
    lines.push('', 'Produced but not in the taxonomy:');
    for (const u of report.unknown) lines.push(`${u.name}: ${plural(u.sites.length, 'site')}`, ...siteLines(u.sites));
  }
  if (report.unresolved.length > 0) {
    lines.push('', 'Unresolved (the checker cannot pin these to events):');
    const width = Math.max(...report.unresolved.map((u) => where(u).length));
    for (const u of report.unresolved) lines.push(`  ${where(u).padEnd(width)}  ${via(u)}: ${u.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

export function formatMarkdown(report: CoverageReport): string {
  const lines = [`## Event coverage: ${report.taxonomy.name} ${report.taxonomy.version}`, '', summaryLine(report), ''];
  lines.push('| event | status | sites |', '| --- | --- | --- |');
  for (const e of report.events) {
    const sites = e.sites.map((s) => `${code(where(s))} ${cell(via(s))}`).join('<br>');
    lines.push(`| ${code(e.name)} | ${status(e)} | ${sites} |`);
  }
  if (report.unknown.length > 0) {
    lines.push('', '### Produced but not in the taxonomy', '', '| event | sites |', '| --- | --- |');
    for (const u of report.unknown) lines.push(`| ${code(u.name)} | ${u.sites.map((s) => `${code(where(s))} ${cell(via(s))}`).join('<br>')} |`);
  }
  if (report.unresolved.length > 0) {
    lines.push('', '### Unresolved', '', '| site | via | reason |', '| --- | --- | --- |');
    for (const u of report.unresolved) lines.push(`| ${code(where(u))} | ${cell(via(u))} | ${cell(u.reason)} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatReport(report: CoverageReport, format: CoverageFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? formatMarkdown(report) : formatText(report);
}
