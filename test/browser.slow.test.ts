// The generated client in a real browser (slow tier): headless Chromium (Debian's package; .ci/run
// installs it) loads a page from an app server on 127.0.0.1 whose script, the generated module
// bundled by esbuild for the browser, validates a good and a bad event and sends one to the page's
// own origin. There a same-origin proxy, as docs/client.md shows it, forwards the request to a real
// local FloKit-compatible server with the secret key, which the page never had. The first attempt
// fails; the page's retry carries the same derived Idempotency-Key through the proxy. Chromium is
// driven by its command line alone (--dump-dom prints the page once its work is done).
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { closeServersAfterEach, startServer } from './support/client-helpers.js';
import { appSource, IMPORTS, makeProject, removeProjects } from './support/project-shapes.js';
import { ROOT, runProcess } from './support/spawn.js';

closeServersAfterEach();
afterAll(removeProjects);

const CHROMIUM = ['chromium', 'chromium-browser'].find((name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0);

/** The app's server: the page, its bundle, and the proxy to FloKit at /flokit/. */
async function startApp(dir: string, flokitUrl: string, seen: IncomingHttpHeaders[]): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/' || path === '/bundle.js') {
      response.setHeader('content-type', path === '/' ? 'text/html' : 'text/javascript');
      response.end(readFileSync(join(dir, path === '/' ? 'index.html' : 'bundle.js')));
      return;
    }
    if (request.method === 'POST' && (path === '/flokit/v1/events' || path === '/flokit/v1/batch/events')) {
      seen.push(request.headers);
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void fetch(`${flokitUrl}${path.slice('/flokit'.length)}`, {
          method: 'POST',
          headers: { authorization: 'Bearer test_key', 'content-type': 'application/json', 'idempotency-key': String(request.headers['idempotency-key'] ?? '') },
          body: Buffer.concat(chunks),
        }).then(async (upstream) => {
          response.statusCode = upstream.status;
          response.setHeader('content-type', upstream.headers.get('content-type') ?? 'application/json');
          response.end(await upstream.text());
        });
      });
      return;
    }
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` };
}

describe('headless Chromium', { timeout: 180_000 }, () => {
  it('builds, validates and sends events from a page through a same-origin proxy, never holding the key', async () => {
    expect(CHROMIUM, 'Chromium is needed: apt-get install -y chromium').toBeDefined();
    const flokit = await startServer();
    flokit.enqueueFaults({ kind: 'status', status: 503 });
    const dir = makeProject({});
    cpSync(join(ROOT, 'generated'), join(dir, 'generated'), { recursive: true });
    const seen: IncomingHttpHeaders[] = [];
    const app = await startApp(dir, flokit.url, seen);
    try {
      writeFileSync(join(dir, 'app.ts'), appSource(IMPORTS.esm, `${app.url}/flokit`, 'browser'));
      await build({ entryPoints: [join(dir, 'app.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2020', outfile: join(dir, 'bundle.js'), logLevel: 'silent' });
      // The app's console.log line becomes the page's text, which --dump-dom prints.
      writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><script>console.log = (text) => { document.body.textContent = text; };</script><script type="module" src="/bundle.js"></script></body></html>');
      const run = await runProcess(CHROMIUM ?? 'chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=20000', '--dump-dom', `${app.url}/`], { cwd: dir, timeoutMs: 120_000 });
      const text = /<body>([^<]*)<\/body>/.exec(run.stdout)?.[1] ?? run.stdout;
      expect(JSON.parse(text.replaceAll('&quot;', '"'))).toEqual({ valid: true, codes: ['missing-identity', 'missing-required', 'missing-required', 'unexpected-property'], event_id: flokit.events[0]?.event_id });
      const attempts = flokit.requests.filter((r) => r.path === '/v1/events');
      expect(attempts.map((r) => r.status)).toEqual([503, 200]);
      expect(attempts.map((r) => r.headers['idempotency-key'])).toEqual(['flokit:subscription_started:txn_1', 'flokit:subscription_started:txn_1']);
      // The page sent its placeholder; only the proxy held the key.
      expect(seen.map((h) => h.authorization)).toEqual(['Bearer browser', 'Bearer browser']);
      expect(attempts.map((r) => r.headers['authorization'])).toEqual(['Bearer test_key', 'Bearer test_key']);
    } finally {
      app.server.closeAllConnections();
      await new Promise((done) => app.server.close(done));
    }
  });
});
