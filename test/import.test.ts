// `flokit-gen import` (issue 17), the real built CLI against the FloKit-compatible test server:
// every input format, invalid and duplicate lines, faults (429 with Retry-After, 5xx, a reset after
// the server stored the batch, a hanging answer), exactly once across a failure, a Ctrl-C and a
// changed export, --dry-run, the report and the exit codes. The million-event, kill -9 and
// rate-limit proofs are in test/import.slow.test.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeExport, type ExportStats } from '../bench/lib/import-export.js';
import { startFloKitServer, type FloKitServer } from './support/flokit-server.js';
import { API_KEY, expectedEvents, expectStoredExactlyOnce, importProject, removeProjects, runImport, startImport } from './support/import-helpers.js';

interface Report {
  status: string;
  reason?: string;
  read: number;
  valid: number;
  invalid: number;
  duplicates: number;
  batches: { total: number; sent: number; skipped: number };
  events: { sent: number; skipped: number; accepted: number; rejected: number };
  rejectReasons: { reason: string; count: number }[];
  retries: number;
}

interface Reject {
  kind: string;
  source: string;
  line?: number;
  index?: number;
  violations?: { path: string; message: string }[];
  first?: { source: string; line?: number };
  reason?: string;
}

const servers: FloKitServer[] = [];
/** A server of the test's own: the tests run concurrently (most of their time is waiting). */
async function newServer(): Promise<FloKitServer> {
  const server = await startFloKitServer({ rateLimit: false });
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  removeProjects();
});

function rejectsOf(dir: string, file = 'flokit-import.rejects.ndjson'): Reject[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Reject);
}

/** A project with an export of `events` lines (seeded, unsorted, some invalid and duplicated). */
async function withExport(events: number, seed: number): Promise<{ dir: string; file: string; stats: ExportStats }> {
  const dir = importProject();
  const file = join(dir, 'export.ndjson');
  const stats = await writeExport(file, { events, seed, invalidRate: 0.01, duplicateRate: 0.02 });
  return { dir, file, stats };
}

describe.concurrent('import', { timeout: 120_000 }, () => {
  it('sends every valid event exactly once, in timestamp order, through 429, 5xx, a reset after storing and a hanging answer', async () => {
    const server = await newServer();
    const { dir, file, stats } = await withExport(2000, 1);
    // Each fault on another batch (a plain answer between them), so backoff never grows long.
    const ok = { kind: 'delay', ms: 1 } as const;
    server.enqueueFaults({ kind: '429', retryAfter: '1' }, ok, { kind: 'status', status: 503 }, ok, { kind: 'reset-after-store' }, ok, { kind: 'reset' }, ok, { kind: 'hang' }, ok, { kind: 'status', status: 500 });
    const run = await runImport(dir, server, ['export.ndjson', '--batch-size', '100', '--rate-limit', '100000', '--timeout', '1', '--format', 'json']);
    expect(run.code, run.stderr).toBe(1); // invalid lines
    const report = JSON.parse(run.stdout) as Report;
    expect(report).toMatchObject({ status: 'complete', read: 2000, invalid: stats.invalid, duplicates: stats.duplicates, events: { accepted: stats.valid, rejected: 0, skipped: 0 } });
    expect(report.retries).toBeGreaterThanOrEqual(6);
    expect(server.queuedFaults).toBe(0);
    expectStoredExactlyOnce(server, expectedEvents([file], new Map([[file, new Set(stats.invalidLines)]])));
    // The batch stored before the reset was sent again under its key and answered from the record.
    expect(server.stats.replays).toBeGreaterThanOrEqual(1);
    expect(server.stats.keyReusedWithDifferentBody).toBe(0);
    const rejects = rejectsOf(dir);
    const invalid = rejects.filter((r) => r.kind === 'invalid');
    expect(invalid.map((r) => r.line)).toEqual(stats.invalidLines);
    expect(invalid.every((r) => r.source === 'export.ndjson' && (r.violations?.length ?? 0) > 0)).toBe(true);
    const lines = readFileSync(file, 'utf8').split('\n');
    const duplicates = rejects.filter((r) => r.kind === 'duplicate');
    expect(duplicates).toHaveLength(stats.duplicates);
    for (const d of duplicates) expect(lines[(d.line as number) - 1]).toBe(lines[(d.first?.line as number) - 1]);
    expect(run.stdout + run.stderr).not.toContain(API_KEY);
  });

  it('reads a JSON array, a batch body, gzipped NDJSON and stdin, and names each source and position in the rejects file', async () => {
    const server = await newServer();
    const dir = importProject();
    const event = (i: number, ts: string): Record<string, unknown> => ({ event: 'trial_started', user_id: `u${i}`, timestamp: ts, properties: { plan_id: 'annual' } });
    writeFileSync(join(dir, 'array.json'), JSON.stringify([event(1, '2024-03-01T10:00:00+02:00'), { event: 'trial_started', timestamp: '2024-03-01T00:00:00Z' }], null, 2));
    writeFileSync(join(dir, 'batch.json'), JSON.stringify({ events: [event(2, '2024-03-01T07:59:59.999Z'), event(3, '2024-03-01T08:00:00.0001Z')] }));
    writeFileSync(join(dir, 'lines.ndjson.gz'), gzipSync(`${JSON.stringify(event(4, '2024-01-01T00:00:00Z'))}\nnot json\n`));
    const stdin = `${JSON.stringify(event(5, '2024-12-31T23:59:60Z'))}\n${JSON.stringify({ events: [event(6, '2025-01-01T00:00:00Z')] })}\n`;
    const run = await runImport(dir, server, ['array.json', 'batch.json', 'lines.ndjson.gz', '-', '--format', 'json'], { input: stdin });
    expect(run.code, run.stderr).toBe(1);
    expect((JSON.parse(run.stdout) as Report).events.accepted).toBe(6);
    // Instants, not strings: +02:00 makes u1 08:00 UTC, after u2 and before u3; the leap second sorts before 2025.
    expect(server.events.map((e) => (e.body as { user_id: string }).user_id)).toEqual(['u4', 'u2', 'u1', 'u3', 'u5', 'u6']);
    expect(rejectsOf(dir).map((r) => [r.source, r.line, r.index, r.violations?.[0]?.message])).toEqual([
      ['array.json', undefined, 1, 'is required: trial_started needs user_id'],
      ['lines.ndjson.gz', 2, undefined, expect.stringMatching(/^is not valid JSON: /)],
    ]);
  });

  it('stops with exit 3 when a batch cannot be delivered, and --resume sends the rest and nothing twice', async () => {
    const server = await newServer();
    const { dir, file, stats } = await withExport(1000, 2);
    const args = ['export.ndjson', '--batch-size', '100', '--rate-limit', '100000', '--max-retries', '1', '--max-invalid', '100'];
    // Batch 4 fails twice (no retries left): batches 0-3 are in the checkpoint.
    server.enqueueFaults(...Array.from({ length: 4 }, () => ({ kind: 'delay', ms: 1 }) as const), { kind: 'status', status: 503 }, { kind: 'status', status: 502 });
    const first = await runImport(dir, server, args);
    expect(first.code, first.stderr).toBe(3);
    expect(first.stdout).toContain('Import stopped: a batch could not be delivered. Run the same command with --resume');
    expect(first.stdout).toMatch(/reason: +FloKit .*502/);
    expect(server.events).toHaveLength(400);
    const again = await runImport(dir, server, args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('flokit-import.checkpoint exists: an import was started with it. Pass --resume');
    const resumed = await runImport(dir, server, [...args, '--resume', '--format', 'json']);
    expect(resumed.code, resumed.stderr).toBe(1);
    const report = JSON.parse(resumed.stdout) as Report;
    expect(report.batches.skipped).toBe(4);
    expect(report.events).toMatchObject({ skipped: 400, accepted: stats.valid, rejected: 0 });
    expectStoredExactlyOnce(server, expectedEvents([file], new Map([[file, new Set(stats.invalidLines)]])));
    // A finished import resumed again sends nothing.
    const requests = server.stats.requests;
    const done = await runImport(dir, server, [...args, '--resume', '--format', 'json']);
    expect((JSON.parse(done.stdout) as Report).events.sent).toBe(0);
    expect(server.stats.requests).toBe(requests);
  });

  it('refuses to resume with another export or other batch settings', async () => {
    const server = await newServer();
    const { dir } = await withExport(300, 3);
    const args = ['export.ndjson', '--batch-size', '100', '--rate-limit', '100000'];
    expect((await runImport(dir, server, args)).code).toBe(1);
    const other = await runImport(dir, server, ['export.ndjson', '--batch-size', '50', '--resume']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('was made with --batch-size 100 --max-batch-bytes 524288; resume with the same settings');
    await writeExport(join(dir, 'export.ndjson'), { events: 300, seed: 4 });
    const changed = await runImport(dir, server, [...args, '--resume']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('does not match this export: its batch 0 had other events');
  });

  it('stops on Ctrl-C with exit 130; --resume sends the batch that was in flight under the same key', async () => {
    const server = await newServer();
    const { dir, file, stats } = await withExport(800, 5);
    const args = ['export.ndjson', '--batch-size', '100', '--rate-limit', '100000', '--timeout', '60'];
    server.enqueueFaults({ kind: 'delay', ms: 1 }, { kind: 'delay', ms: 1 }, { kind: 'hang-after-store' });
    const running = startImport(dir, server, args);
    await running.waitFor('the third batch to be stored', () => server.events.length >= 300);
    const stopped = await running.stop('SIGINT');
    expect(stopped.code).toBe(130);
    expect(running.stdout()).toContain('Import interrupted. Run the same command with --resume');
    const resumed = await runImport(dir, server, [...args, '--resume', '--format', 'json']);
    expect(resumed.code, resumed.stderr).toBe(1);
    expect((JSON.parse(resumed.stdout) as Report).batches.skipped).toBe(2);
    expect(server.stats.replays).toBe(1);
    expectStoredExactlyOnce(server, expectedEvents([file], new Map([[file, new Set(stats.invalidLines)]])));
  });

  it('--dry-run validates, sorts and counts the batches, sends nothing and writes no checkpoint', async () => {
    const server = await newServer();
    const { dir, stats } = await withExport(2500, 6);
    const run = await runImport(dir, undefined, ['export.ndjson', '--dry-run', '--batch-size', '1000'], { env: { FLOKIT_API_KEY: undefined } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Dry run complete: nothing was sent.');
    expect(run.stdout).toContain(`would send:   ${(stats.valid).toLocaleString('en-US')} events in 3 batches`);
    expect(server.stats.requests).toBe(0);
    expect(existsSync(join(dir, 'flokit-import.checkpoint'))).toBe(false);
  });

  it('import --help shows usage, examples and the exit codes', async () => {
    const dir = importProject();
    const help = await runImport(dir, undefined, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: flokit-gen import \[options\] <files\.\.\.>/);
    expect(help.stdout).toContain('$ flokit-gen import export.ndjson --resume');
    expect(help.stdout).toContain('3 stopped before the end (run again with --resume), 130 interrupted');
  });

  it('exits 0 when every event is accepted, 1 when FloKit rejects some, 3 on a refused key (never printed), 2 on usage errors', async () => {
    const server = await newServer();
    const dir = importProject();
    const ok = (i: number): string => JSON.stringify({ event: 'onboarding_started', user_id: `u${i}`, timestamp: `2024-05-0${i}T00:00:00Z` });
    writeFileSync(join(dir, 'good.ndjson'), `${ok(1)}\n${ok(2)}\n`);
    const good = await runImport(dir, server, ['good.ndjson']);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^Import complete\.\n {2}read: +2 events\n/);
    expect(good.stdout).toMatch(/accepted: +2\n/);

    // The server's schema is stricter than the taxonomy: it rejects onboarding_started.
    const strict = await startFloKitServer({ rateLimit: false, schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { event: { not: { const: 'onboarding_started' } } } } });
    servers.push(strict);
    {
      writeFileSync(join(dir, 'mixed.ndjson'), `${ok(3)}\n${JSON.stringify({ event: 'trial_started', user_id: 'u9', timestamp: '2024-05-01T00:00:00Z', properties: { plan_id: 'p' } })}\n`);
      const mixed = await runImport(dir, strict, ['mixed.ndjson', '--checkpoint', 'mixed.checkpoint']);
      expect(mixed.code, mixed.stderr).toBe(1);
      expect(mixed.stdout).toMatch(/rejected: +1 by FloKit/);
      expect(rejectsOf(dir).filter((r) => r.kind === 'rejected').map((r) => [r.source, r.line])).toEqual([['mixed.ndjson', 1]]);
    }

    const refused = await runImport(dir, server, ['good.ndjson', '--checkpoint', 'refused.checkpoint'], { env: { FLOKIT_API_KEY: 'sk_live_secret_value' } });
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain('FloKit refused the API key (HTTP 401)');
    expect(refused.stdout + refused.stderr).not.toContain('sk_live_secret_value');

    const usage = [
      [['good.ndjson', '--checkpoint', 'x'], { FLOKIT_API_KEY: undefined }, 'FLOKIT_API_KEY is not set'],
      [['missing.ndjson'], {}, 'missing.ndjson does not exist'],
      [['good.ndjson', '--batch-size', '1001'], {}, '--batch-size must be a whole number from 1 to 1000, got "1001"'],
      [['-', '-'], {}, '`-` (stdin) can be given once'],
    ] as const;
    for (const [args, env, message] of usage) {
      const run = await runImport(dir, server, args, { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    }
  });
});
