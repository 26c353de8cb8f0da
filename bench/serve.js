// The load figures of issue 16 for `flokit-gen serve`: a steady 1,000 events/s for 60 s through
// `POST /v1/events` while the web view is open in headless Chromium, then the store filled to
// 100,000 events (through the batch endpoint) and the page loaded and filtered again. The collector
// runs as the real CLI in a child process, so its memory (RSS, from /proc) is its own.
// Run: npm run build && node bench/serve.js [--seconds=60] [--rate=1000] [--stored=100000]
// Out: a table on stdout (figures and ratios against the issue's targets), raw numbers in
// bench/serve-results.json (git-ignored with bench/results.json's pattern if any).
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 60);
const RATE = arg('rate', 1000);
const STORED = arg('stored', 100_000);
const dir = mkdtempSync(join(tmpdir(), 'flokit-serve-bench-'));

// --quiet keeps the collector from printing a line per event, and so its address too: the port is
// chosen here, and the collector polled until it answers.
const port = await new Promise((done) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => done(free));
  });
});
const child = spawn(process.execPath, [join(root, 'bin', 'flokit-gen.js'), 'serve', '--port', String(port), '--quiet', '--store', join(dir, 'events.db'), '--taxonomy', join(root, 'taxonomy')], { stdio: ['ignore', 'ignore', 'inherit'] });
const url = `http://127.0.0.1:${port}`;
for (let ready = false; !ready; ) {
  ready = await fetch(`${url}/api/summary`).then((r) => r.ok, () => false);
  if (!ready) await new Promise((r) => setTimeout(r, 100));
}
const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
// Polled from here: the page's CSP forbids eval, which waitForFunction with a string needs.
const waitUntil = async (test) => {
  while (!(await test())) await new Promise((r) => setTimeout(r, 20));
};
// The collector's own CPU time (user + system, in ms), which a loaded machine does not inflate the way it does wall time.
const cpuMs = () => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;

const event = (n) => ({ event: 'paywall_viewed', user_id: `usr_${n % 5000}`, timestamp: new Date(Date.UTC(2024, 2, 15, 14, 0, n % 3600)).toISOString(), properties: { paywall_id: `pw_${n % 50}`, offer_id: n % 10 === 0 ? 5 : 'offer_intro' } });
const headers = { authorization: 'Bearer bench', 'content-type': 'application/json' };
// node:http with kept-alive connections: fetch costs the sender ~2 ms of CPU a request, which on a
// small machine starves the collector being measured.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const post = (path, body) =>
  new Promise((done, fail) => {
    const req = request(`${url}${path}`, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode));
    });
    req.on('error', fail);
    req.end(body);
  });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.goto(url);
await page.waitForSelector('#plan-view section', { state: 'attached' });
// Frame gaps in the page: a long gap is a page that did not respond.
await page.evaluate("window.__gaps = []; (function tick(last) { requestAnimationFrame((now) => { window.__gaps.push(now - last); tick(now); }); })(performance.now())");

const rss = [rssMiB()];
const cpuBefore = cpuMs();
const latencies = [];
let sent = 0;
let failed = 0;
const started = performance.now();
const inflight = new Set();
const TICK_MS = 50;
const total = RATE * SECONDS;
let lastAnswer = started;
// Requests are due by the clock, not per tick: a tick that fires late sends what fell due meanwhile,
// so the offered load is RATE whatever the sender's timers do.
while (sent < total) {
  const tickStart = performance.now();
  const due = Math.min(total, Math.floor((RATE * (tickStart - started)) / 1000));
  while (sent < due) {
    const n = sent++;
    const t0 = performance.now();
    const request = post('/v1/events', JSON.stringify(event(n)))
      .then((status) => {
        if (status !== 200 && status !== 400) failed++;
        lastAnswer = performance.now();
        latencies.push(lastAnswer - t0);
      })
      .catch(() => failed++)
      .finally(() => inflight.delete(request));
    inflight.add(request);
  }
  if (sent % RATE < RATE / (1000 / TICK_MS)) rss.push(rssMiB());
  const wait = tickStart + TICK_MS - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
const offeredFor = (performance.now() - started) / 1000;
await Promise.all(inflight);
const cpuPerEvent = (cpuMs() - cpuBefore) / sent;
// From the first request to the last answer: the rate the collector answered at.
const elapsed = (lastAnswer - started) / 1000;
const gaps = await page.evaluate('window.__gaps.splice(0)');
const rows = await page.locator('#events details.row').count();

// Fill the store to STORED events through the batch endpoint, then open the page afresh.
const summary = await (await fetch(`${url}/api/summary`)).json();
for (let have = summary.total; have < STORED; have += 1000) {
  const events = Array.from({ length: Math.min(1000, STORED - have) }, (_, i) => event(have + i));
  await post('/v1/batch/events', JSON.stringify({ events }));
}
rss.push(rssMiB());
const t1 = performance.now();
await page.reload();
await waitUntil(async () => (await page.locator('#events details.row').count()) >= 100);
const loadMs = performance.now() - t1;
const timed = async (path) => {
  const t = performance.now();
  const body = await (await fetch(`${url}${path}`)).json();
  return { ms: performance.now() - t, n: body.events?.length ?? body.total };
};
const queries = {
  newest: await timed('/api/events?limit=100'),
  byUser: await timed('/api/events?user=usr_42&limit=100'),
  invalid: await timed('/api/events?valid=false&limit=100'),
  text: await timed('/api/events?q=pw_7&limit=100'),
  deepPage: await timed('/api/events?before=500&limit=100'),
  summary: await timed('/api/summary'),
};
const t2 = performance.now();
await page.fill('input[aria-label=user]', 'usr_42');
await waitUntil(async () => (await page.locator('#events summary').allTextContents()).every((t) => t.includes('usr_42')) && (await page.locator('#events summary').count()) > 0);
const filterMs = performance.now() - t2;
const stored = (await (await fetch(`${url}/api/summary`)).json()).total;

await browser.close();
agent.destroy();
child.kill('SIGINT');
await new Promise((done) => child.on('exit', done));
rmSync(dir, { recursive: true, force: true });

const achieved = (sent - failed) / elapsed;
const results = {
  target: { rate: RATE, seconds: SECONDS, stored: STORED },
  load: { sent, failed, offeredForS: offeredFor, elapsedS: elapsed, achievedPerS: achieved, collectorCpuMsPerEvent: cpuPerEvent, latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100) }, pageRows: rows },
  page: { frameGapMs: { p50: percentile(gaps, 50), p99: percentile(gaps, 99), max: percentile(gaps, 100) }, reloadAt100kMs: loadMs, userFilterAt100kMs: filterMs },
  queriesAt100k: queries,
  storedEvents: stored,
  rssMiB: { start: rss[0], afterLoad: rss[rss.length - 2], at100k: rss[rss.length - 1], max: Math.max(...rss) },
};
writeFileSync(join(root, 'bench', 'serve-results.json'), `${JSON.stringify(results, null, 2)}\n`);
const f = (n) => (Math.round(n * 10) / 10).toString();
console.log(`| measure | wanted | measured | ratio |
| --- | --- | --- | --- |
| events/s through POST /v1/events, page open (offered ${sent} in ${f(offeredFor)} s; answered from the first request to the last answer) | ${RATE} for ${SECONDS} s | ${f(achieved)} for ${f(elapsed)} s (${failed} failed) | ${(achieved / RATE).toFixed(3)} |
| collector CPU per event (so events/s one core can take) | ≤ 1 ms (1,000/s) | ${cpuPerEvent.toFixed(3)} ms (${f(1000 / cpuPerEvent)}/s) | ${f(1 / cpuPerEvent)} |
| request latency p50 / p99 / max | — | ${f(results.load.latencyMs.p50)} / ${f(results.load.latencyMs.p99)} / ${f(results.load.latencyMs.max)} ms | — |
| page frame gap p50 / p99 / max during the load | responsive | ${f(results.page.frameGapMs.p50)} / ${f(results.page.frameGapMs.p99)} / ${f(results.page.frameGapMs.max)} ms | — |
| rows in the page after the load | bounded (500) | ${rows} | — |
| stored events | ${STORED} | ${stored} | ${f(stored / STORED)} |
| page reload to the first 100 rows at ${stored} events | responsive | ${f(loadMs)} ms | — |
| user filter in the page at ${stored} events | responsive | ${f(filterMs)} ms | — |
| API at ${stored}: newest / by user / invalid / text / deep page / summary | — | ${Object.values(queries).map((q) => f(q.ms)).join(' / ')} ms | — |
| collector RSS start / after the load / at ${stored} / max | bounded | ${rss.length ? `${f(results.rssMiB.start)} / ${f(results.rssMiB.afterLoad)} / ${f(results.rssMiB.at100k)} / ${f(results.rssMiB.max)}` : ''} MiB | ${f(results.rssMiB.max / results.rssMiB.afterLoad)} (max / after load) |`);
