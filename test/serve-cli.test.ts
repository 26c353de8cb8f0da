// `flokit-gen serve` as the real CLI process: it prints where it listens and where it keeps events,
// a line per event (every violation of an invalid one), refuses a store another collector holds and
// a broken taxonomy (exit 1, located diagnostics, a warning for a non-loopback --host first), and
// stops cleanly on Ctrl-C (exit 0).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, startCli } from './support/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'flokit-serve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flokit-gen serve', () => {
  it('serves, prints each event, holds its store against a second collector, and stops on Ctrl-C', async () => {
    cpSync(join(ROOT, 'taxonomy'), join(dir, 'taxonomy'), { recursive: true });
    const serve = startCli(['serve', '--port', '0'], { cwd: dir });
    try {
      await serve.waitFor('the address', (out) => out.includes('events are kept in'));
      expect(serve.stdout()).toMatch(/^FloKit collector on http:\/\/127\.0\.0\.1:\d+: point the client's baseUrl at it; the web view is at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C to stop\)\nevents are kept in \.flokit-gen\/events\.db \(0 events so far\)\.\n$/);
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(serve.stdout())?.[0] as string;
      const post = (body: unknown): Promise<Response> => fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer dev' }, body: JSON.stringify(body) });
      expect((await post({ event: 'paywall_viewed', user_id: 'usr_1', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_1' } })).status).toBe(200);
      expect((await post({ event: 'paywall_viewed', user_id: 'usr_2', timestamp: '2024-03-15T14:22:00Z', properties: {} })).status).toBe(400);
      await serve.waitFor('two event lines', (out) => out.includes('/properties/paywall_id is required'));
      expect(serve.stdout()).toMatch(/\n\d\d:\d\d:\d\d\.\d{3} ok {6}paywall_viewed usr_1 evt_[0-9a-z]{20}\n\d\d:\d\d:\d\d\.\d{3} invalid \(rejected\) paywall_viewed usr_2 evt_[0-9a-z]{20}\n {4}\/properties\/paywall_id is required\n$/);
      const second = await runCli(['serve', '--port', '0'], { cwd: dir });
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(`flokit-gen: the event store ${join(dir, '.flokit-gen', 'events.db')} is in use by process ${serve.child.pid} (another flokit-gen serve?): stop it, or choose another file with --store\n`);
    } finally {
      const exit = await serve.stop('SIGINT');
      expect(exit.code).toBe(0);
    }
    expect(serve.stdout()).toMatch(/stopped\.\n$/);
  });

  it('refuses a port or a rate limit that is not a number it can use', async () => {
    expect(await runCli(['serve', '--port', '70000'], { cwd: dir })).toMatchObject({ code: 1, stderr: 'flokit-gen: --port must be a port number (0-65535), not "70000"\n' });
    expect(await runCli(['serve', '--rate-limit', '0'], { cwd: dir })).toMatchObject({ code: 1, stderr: 'flokit-gen: --rate-limit must be a whole number of requests per minute, not "0"\n' });
  });

  it('a broken taxonomy: located diagnostics, exit 1, nothing listening; a non-loopback --host is warned about first', async () => {
    writeFileSync(join(dir, 'broken.yaml'), 'taxonomy: t\nversion: 1.0.0\nevents:\n  a:\n    properties:\n      p: { type: strng }\n');
    const run = await runCli(['serve', '-t', 'broken.yaml', '--host', '0.0.0.0', '--port', '0'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^warning: listening on 0\.0\.0\.0: other machines can send events and read every stored event through the unauthenticated \/api\/ and the web view\.\nbroken\.yaml:6:18 error unknown-type: unknown type `strng`/);
    expect(run.stderr).toMatch(/\n1 problem in the taxonomy; the collector did not start\.\n$/);
  });
});
