// The proofs of issue 17 that take minutes (slow tier: `npm run test:slow`), the real built CLI
// against the FloKit-compatible test server: a million-event unsorted export with 0.1 % invalid and
// 1 % duplicated lines through random faults (429 with Retry-After, 5xx, resets before and after
// the server stored the batch, truncated and hanging answers) ends with every valid event stored
// exactly once in timestamp order and every invalid line in the rejects file; kill -9 at random
// points and --resume still store everything exactly once; the rate limiter holds the limit in
// every minute the server counts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeExport } from '../bench/lib/import-export.js';
import { startFloKitServer, type FloKitServer } from './support/flokit-server.js';
import { expectedEvents, expectStoredExactlyOnce, importProject, removeProjects, runImport, startImport } from './support/import-helpers.js';

const servers: FloKitServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  removeProjects();
});

interface Report {
  status: string;
  read: number;
  invalid: number;
  duplicates: number;
  retries: number;
  events: { accepted: number; rejected: number };
}

describe('import, at scale', () => {
  it('a million unsorted events with invalid and duplicated lines, through random faults: every valid event stored once, in order', { timeout: 900_000 }, async () => {
    const server = await startFloKitServer({
      rateLimit: false,
      randomFaults: { rate: 0.04, seed: 17, kinds: ['status', 'reset', 'reset-after-store', 'delay', 'truncate', 'hang', { kind: '429', retryAfter: '1' }] },
    });
    servers.push(server);
    const dir = importProject();
    const file = join(dir, 'export.ndjson');
    const stats = await writeExport(file, { events: 1_000_000, seed: 11, invalidRate: 0.001, duplicateRate: 0.01 });
    const run = await runImport(dir, server, ['export.ndjson', '--rate-limit', '1000000', '--timeout', '2', '--max-retries', '10', '--max-invalid', '10000', '--temp-dir', dir, '--format', 'json'], { timeoutMs: 880_000 });
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report).toMatchObject({ status: 'complete', read: 1_000_000, invalid: stats.invalid, duplicates: stats.duplicates, events: { accepted: stats.valid, rejected: 0 } });
    expect(report.retries).toBeGreaterThan(10);
    expect(server.stats.faults).toBeGreaterThan(10);
    expect(server.stats.keyReusedWithDifferentBody).toBe(0);
    expectStoredExactlyOnce(server, expectedEvents([file], new Map([[file, new Set(stats.invalidLines)]])));
    const invalid = readFileSync(join(dir, 'flokit-import.rejects.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"kind":"invalid"'))
      .map((l) => (JSON.parse(l) as { line: number }).line);
    expect(invalid).toEqual(stats.invalidLines);
  });

  it('kill -9 at random points, then --resume: still exactly once, nothing lost', { timeout: 900_000 }, async () => {
    // Every answer a little late, so kills land while batches are in flight.
    const server = await startFloKitServer({ rateLimit: false, randomFaults: { rate: 1, seed: 5, kinds: ['delay'] } });
    servers.push(server);
    const dir = importProject();
    const file = join(dir, 'export.ndjson');
    const stats = await writeExport(file, { events: 100_000, seed: 12, invalidRate: 0.001, duplicateRate: 0.01 });
    const args = ['export.ndjson', '--batch-size', '250', '--rate-limit', '1000000', '--max-invalid', '1000', '--temp-dir', dir];
    let seed = 99;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const killedAt: number[] = [];
    for (let round = 0; round < 5; round++) {
      const running = startImport(dir, server, round === 0 ? args : [...args, '--resume']);
      const target = server.events.length + 5_000 + Math.floor(random() * 20_000);
      await running.waitFor(`${target} events stored`, () => server.events.length >= target || running.stdout().includes('Import complete'), 300_000);
      // A little more, so some kills land between the server storing a batch and the checkpoint.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 30)));
      killedAt.push(server.events.length);
      await running.stop('SIGKILL');
    }
    const final = await runImport(dir, server, [...args, '--resume', '--format', 'json'], { timeoutMs: 600_000 });
    expect(final.code, final.stderr).toBe(1);
    expect((JSON.parse(final.stdout) as Report).events.accepted).toBe(stats.valid);
    expect(killedAt.filter((n) => n > 0 && n < stats.valid).length).toBeGreaterThanOrEqual(3);
    expect(server.stats.keyReusedWithDifferentBody).toBe(0);
    expectStoredExactlyOnce(server, expectedEvents([file], new Map([[file, new Set(stats.invalidLines)]])));
  });

  it('the rate limiter holds the limit in every minute the server counts', { timeout: 300_000 }, async () => {
    // 300 requests a minute (a faster limit than FloKit's 100, so the test takes one minute and a bit).
    const limit = 300;
    const server = await startFloKitServer({ rateLimit: { requests: limit, windowMs: 60_000 } });
    servers.push(server);
    const dir = importProject();
    const stats = await writeExport(join(dir, 'export.ndjson'), { events: 4_000, seed: 13, invalidRate: 0, duplicateRate: 0 });
    const run = await runImport(dir, server, ['export.ndjson', '--batch-size', '10', '--rate-limit', String(limit), '--temp-dir', dir, '--format', 'json'], { timeoutMs: 280_000 });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Report).events.accepted).toBe(stats.valid);
    expect(server.stats.rateLimited).toBe(0);
    const times = server.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    expect(times).toHaveLength(400);
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] as number) - (times[j] as number) >= 60_000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(limit);
    // And it used what it was allowed: the whole limit in the first minute, the rest after it.
    expect(most).toBe(limit);
    expect((times[399] as number) - (times[0] as number)).toBeGreaterThanOrEqual(60_000);
  });
});
