// What an import says: progress while it runs, and the final report as text or JSON. In: progress
// snapshots and the report. Out: strings (the CLI prints them). Nothing here knows about terminals
// beyond the width of a bar.
import type { ImportProgress, ImportReport } from './run.js';

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * One line of progress. Reading: bytes, events, invalid. Sending: events settled of those to send,
 * the rate, and an ETA that the rate limit bounds (the remaining requests at the allowed pace).
 * `bar` draws a bar that many characters wide (on a terminal).
 */
export function formatProgress(p: ImportProgress, sendingMs: number, eventsPerBatch: number, requestsPerMinute: number, bar = 0): string {
  if (p.phase === 'reading') return `reading: ${mebibytes(p.bytesRead)}, ${count(p.eventsRead)} events, ${count(p.invalid)} invalid`;
  const total = Math.max(p.eventsDone, p.valid - p.duplicates);
  const remaining = total - p.eventsDone;
  const rate = sendingMs > 0 ? (p.eventsDone / sendingMs) * 1000 : 0;
  const paced = (Math.ceil(remaining / Math.max(1, eventsPerBatch)) / requestsPerMinute) * 60_000;
  const eta = remaining === 0 ? 0 : Math.max(paced, rate > 0 ? (remaining / rate) * 1000 : paced);
  const fraction = total === 0 ? 1 : p.eventsDone / total;
  const drawn = bar > 0 ? `[${'#'.repeat(Math.round(fraction * bar)).padEnd(bar, '.')}] ` : '';
  const retries = p.retries > 0 ? `, ${count(p.retries)} retries` : '';
  return `sending: ${drawn}${count(p.eventsDone)}/${count(total)} events (${Math.floor(fraction * 100)} %), ${count(Math.round(rate))} events/s, ETA ${duration(eta)}${retries}`;
}

const HEADLINES: Readonly<Record<ImportReport['status'], string>> = {
  complete: 'Import complete.',
  'too-many-invalid': 'Import stopped before sending: too many invalid events.',
  stopped: 'Import stopped: a batch could not be delivered. Run the same command with --resume to continue; nothing is sent twice.',
  interrupted: 'Import interrupted. Run the same command with --resume to continue; nothing is sent twice.',
};

/** The final report as lines of text. */
export function formatReport(r: ImportReport): string {
  const lines: string[] = [r.dryRun && r.status === 'complete' ? 'Dry run complete: nothing was sent.' : HEADLINES[r.status]];
  if (r.reason !== undefined) lines.push(`  reason:       ${r.reason}`);
  lines.push(`  read:         ${plural(r.read, 'event')}`);
  lines.push(`  invalid:      ${count(r.invalid)} (not sent${r.invalid > 0 ? `; see ${r.rejectsFile}` : ''})`);
  lines.push(`  duplicates:   ${count(r.duplicates)} (sent once)`);
  if (r.dryRun) {
    lines.push(`  would send:   ${plural(r.valid - r.duplicates, 'event')} in ${plural(r.batches.total, 'batch', 'batches')}`);
  } else {
    lines.push(`  sent:         ${plural(r.events.sent, 'event')} in ${plural(r.batches.sent, 'batch', 'batches')}${r.retries > 0 ? ` (${plural(r.retries, 'retry', 'retries')})` : ''}`);
    if (r.events.skipped > 0) lines.push(`  already done: ${plural(r.events.skipped, 'event')} in ${plural(r.batches.skipped, 'batch', 'batches')} (from the checkpoint)`);
    lines.push(`  accepted:     ${count(r.events.accepted)}`);
    lines.push(`  rejected:     ${count(r.events.rejected)} by FloKit${r.events.rejected > 0 ? ` (see ${r.rejectsFile})` : ''}`);
    for (const { reason, count: n } of r.rejectReasons.slice(0, 10)) lines.push(`    ${count(n)} × ${reason}`);
    if (r.rejectReasons.length > 10) lines.push(`    ... and ${r.rejectReasons.length - 10} other reasons`);
  }
  lines.push(`  elapsed:      ${duration(r.elapsedMs)}`);
  if (r.checkpointFile !== undefined && r.status !== 'too-many-invalid') lines.push(`  checkpoint:   ${r.checkpointFile}`);
  return lines.join('\n');
}

/** The final report as one JSON document. */
export function formatReportJson(r: ImportReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
