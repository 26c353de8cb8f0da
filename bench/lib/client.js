// The generated client's performance (issue 3), in one fresh process per measurement:
//   node bench/lib/client.js bundle <dir>            bundle the client and the test server with esbuild; sizes
//   node bench/lib/client.js overhead <dir>          µs per event: build + validate + JSON.stringify, and a
//                                                    whole track() call through an instant transport
//   node bench/lib/client.js http <dir> <n> <conc>   requests/s against the local test server: bare fetch
//                                                    of the same body (the floor) vs client.track*()
//   node bench/lib/client.js buffered <dir> <n>      n events through buffered mode (maxEvents 1,000)
// Each prints one JSON line.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const [mode, dir, ...rest] = process.argv.slice(2);
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const load = async (name) => import(pathToFileURL(join(dir, name)).href);

/** The bundle's typical event: subscription_started, 8 properties, 3 of them shared types. */
const input = (i) => ({
  user_id: `usr_${i % 1000}`,
  timestamp: '2024-03-15T14:25:00Z',
  properties: { plan_id: 'plan_annual_usd', transaction_id: `txn_${i}`, revenue: 49.99, currency: 'USD', trial_converted: true, store: 'apple', product_id: 'com.app.annual', offer_id: 'offer_intro' },
});

async function bundle() {
  const { build } = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  const node = { bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' };
  await build({ ...node, entryPoints: [join(ROOT, 'generated/index.ts')], outfile: join(dir, 'client.mjs') });
  await build({ ...node, entryPoints: [join(ROOT, 'test/support/flokit-server.ts')], outfile: join(dir, 'server.mjs'), packages: 'external' });
  const size = async (contents) => {
    const r = await build({ stdin: { contents, resolveDir: ROOT, loader: 'ts' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error' });
    const bytes = r.outputFiles[0].contents;
    return { minified: bytes.length, gzipped: gzipSync(bytes).length };
  };
  print({
    whole: await size("export { createFloKitClient } from './generated/index.ts';"),
    oneEvent: await size("export { trackPaywallViewed, buildPaywallViewed, configureFloKit } from './generated/index.ts';"),
  });
}

function perCall(fn, ms) {
  for (let i = 0; i < 20_000; i++) fn(i); // warm-up
  const runs = [];
  for (let r = 0; r < 7; r++) {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) for (let k = 0; k < 1000; k++) fn(n++);
    runs.push(((performance.now() - t0) * 1000) / n);
  }
  return runs.sort((a, b) => a - b)[3];
}

async function overhead() {
  const client = await load('client.mjs');
  const inputs = Array.from({ length: 1024 }, (_, i) => input(i));
  let sink = 0;
  const buildUs = perCall((i) => (sink += JSON.stringify(client.buildSubscriptionStarted(inputs[i & 1023])).length), 200);
  const stringifyUs = perCall((i) => (sink += JSON.stringify(inputs[i & 1023]).length), 200);
  // The whole track() path (options, key derivation, headers, result parsing) through a transport that
  // answers at once: the client's cost per event without the network.
  const answer = { status: 200, headers: { get: () => null }, text: async () => '{"status":"ok","event_id":"evt_1"}' };
  const flokit = client.createFloKitClient({ apiKey: 'bench', transport: async () => answer, logger: false });
  for (let i = 0; i < 20_000; i++) await flokit.trackSubscriptionStarted(inputs[i & 1023]);
  const n = 100_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await flokit.trackSubscriptionStarted(inputs[i & 1023]);
  const trackUs = ((performance.now() - t0) * 1000) / n;
  print({ buildValidateSerializeUs: buildUs, stringifyOnlyUs: stringifyUs, trackUs, sink: sink > 0 });
}

async function pool(count, concurrency, task) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await task(next++);
  }));
}

async function http() {
  const [n, concurrency] = rest.map(Number);
  const { startFloKitServer } = await load('server.mjs');
  const client = await load('client.mjs');
  const schema = JSON.parse(readFileSync(join(ROOT, 'generated/event.schema.json'), 'utf8'));
  const server = await startFloKitServer({ schema, rateLimit: false, apiKeys: ['bench'] });
  try {
    const bodies = Array.from({ length: n }, (_, i) => JSON.stringify(client.buildSubscriptionStarted(input(i))));
    const headers = (i) => ({ Authorization: 'Bearer bench', 'Content-Type': 'application/json', 'Idempotency-Key': `bare-${i}` });
    await pool(200, concurrency, (i) => fetch(`${server.url}/v1/events`, { method: 'POST', headers: headers(i), body: bodies[i] }).then((r) => r.text()));
    server.reset();
    const flokit = client.createFloKitClient({ apiKey: 'bench', baseUrl: server.url, logger: false });
    // Alternating halves, so neither side always runs on a colder (or warmer) server and JIT.
    let bareMs = 0;
    let clientMs = 0;
    const half = Math.floor(n / 2);
    for (const [from, to] of [[0, half], [half, n]]) {
      let t0 = performance.now();
      await pool(to - from, concurrency, (i) => fetch(`${server.url}/v1/events`, { method: 'POST', headers: headers(from + i), body: bodies[from + i] }).then((r) => r.text()));
      bareMs += performance.now() - t0;
      // Distinct transaction ids: every call is a new event (derived keys), as in production.
      t0 = performance.now();
      await pool(to - from, concurrency, (i) => flokit.trackSubscriptionStarted(input(n + from + i)));
      clientMs += performance.now() - t0;
    }
    print({ n, concurrency, bareRps: (n / bareMs) * 1000, clientRps: (n / clientMs) * 1000, stored: server.stats.stored });
  } finally {
    await server.close();
  }
}

async function buffered() {
  const [n] = rest.map(Number);
  const { startFloKitServer } = await load('server.mjs');
  const client = await load('client.mjs');
  const schema = JSON.parse(readFileSync(join(ROOT, 'generated/event.schema.json'), 'utf8'));
  const server = await startFloKitServer({ schema, rateLimit: false, apiKeys: ['bench'], maxBodyBytes: 64 * 2 ** 20 });
  try {
    // paywall_viewed has no derived key, so every event goes through the queue (keyed events go direct).
    const flokit = client.createFloKitClient({ apiKey: 'bench', baseUrl: server.url, logger: false, batching: { maxEvents: 1000, maxWaitMs: 1000, maxBytes: 4 * 2 ** 20, maxQueueSize: n } });
    const t0 = performance.now();
    const calls = [];
    for (let i = 0; i < n; i++) calls.push(flokit.trackPaywallViewed({ user_id: `usr_${i}`, properties: { paywall_id: `pw_${i}`, offer_id: 'offer_intro', plan_ids: ['a', 'b'], context: 'onboarding' } }));
    await flokit.flush();
    await Promise.all(calls);
    const ms = performance.now() - t0;
    print({ n, requests: server.stats.requests, stored: server.stats.stored, ms, eventsPerSecond: (n / ms) * 1000 });
  } finally {
    await server.close();
  }
}

await { bundle, overhead, http, buffered }[mode]();
