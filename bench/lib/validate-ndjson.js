// NDJSON validation throughput and memory (the engine of `flokit-gen validate`, src/payloads/):
// streams a synthetic NDJSON file of N events of the bundled taxonomy through
// checkPayloadSources and prints one JSON line:
//   { events, valid, invalid, seconds, eventsPerSecond, peakRssMiB, rssBeforeMiB, fileBytes }
// (rssBeforeMiB: the process with the taxonomy loaded, just before the first line is read)
// The issue asks for 100,000 events/s or better with memory flat in the input size, so run it at
// two sizes and compare peakRssMiB. The file (~300 bytes a line, 5 % invalid: wrong types, missing
// and unknown properties, bad timestamps, unknown events, broken JSON) is written to .bench/ by a
// child process, so its writing never counts in this process's peak RSS, and kept for later runs.
// Usage (after `npm run build`): node bench/lib/validate-ndjson.js <events>
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BENCH_DIR = join(ROOT, '.bench');

// ---------------------------------------------------------------------------------------------
// The synthetic file: deterministic, a mix of event kinds of taxonomy/flokit.yaml

const PLANS = ['pro_yearly', 'pro_monthly', 'basic_monthly', 'family_yearly'];
const STORES = ['apple', 'google', 'stripe'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY'];

function stamp(i) {
  const t = Date.UTC(2024, 0, 1) + i * 7919;
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

/** Event number i, valid: one of seven kinds, about 300 bytes as JSON. */
function validEvent(i) {
  const user = `usr_${(i * 2654435761) % 1e9}`;
  const anon = `anon_${(i * 40503) % 1e8}_device_7f3a9c`;
  const ts = stamp(i);
  const plan = PLANS[i % PLANS.length];
  switch (i % 7) {
    case 0:
      return { event: 'paywall_viewed', user_id: user, anonymous_id: anon, timestamp: ts, properties: { paywall_id: `pw_annual_v${i % 9}`, offer_id: 'offer_intro_50pct', plan_ids: [plan, 'basic_monthly_intro'], context: 'onboarding_step_3' } };
    case 1:
      return { event: 'subscription_started', user_id: user, timestamp: ts, properties: { plan_id: plan, transaction_id: `2000000${i}`, revenue: 49.99, currency: CURRENCIES[i % 4], trial_converted: i % 2 === 0, store: STORES[i % 3], product_id: 'com.example.pro.yearly' } };
    case 2:
      return { event: 'install_attributed', anonymous_id: anon, timestamp: ts, properties: { campaign_id: `cmp_${i % 1000}_spring_launch`, channel: 'meta', ad_set_id: `adset_${i % 77}`, creative_id: `creative_${i % 13}_video`, country: 'US', attribution_model: 'last_click' } };
    case 3:
      return { event: 'user_created', user_id: user, anonymous_id: anon, timestamp: ts, properties: { platform: ['ios', 'android', 'web'][i % 3], country: 'DE', install_source: 'app_store', email_hash: 'a3f1c9e2b4d6f8a0c2e4f6a8b0d2f4a6c8e0a2b4d6f8a0c2e4f6a8b0d2f4a6c8' } };
    case 4:
      return { event: 'trial_started', user_id: user, anonymous_id: anon, timestamp: ts, properties: { plan_id: plan, trial_length_days: 7 + (i % 3) * 7, paywall_id: 'pw_annual_v3', product_id: 'com.example.pro.yearly.trial', store: STORES[i % 3] } };
    case 5:
      return { event: 'renewal_completed', user_id: user, timestamp: ts, properties: { plan_id: plan, transaction_id: `2000000${i}`, revenue: 9.99 + (i % 5), currency: CURRENCIES[i % 4], store: STORES[i % 3], product_id: 'com.example.pro.monthly' } };
    default:
      return { event: 'onboarding_completed', user_id: user, anonymous_id: anon, timestamp: ts, properties: { steps_completed: i % 12, variant: `onboarding_flow_${i % 4}_short_copy_v2` } };
  }
}

/** One NDJSON line; every 20th is invalid in one of seven ways. */
function line(i) {
  const event = validEvent(i);
  if (i % 20 !== 19) return JSON.stringify(event);
  switch ((i / 20) % 7 | 0) {
    case 0:
      event.properties = { ...event.properties, unexpected_flag: true };
      break;
    case 1:
      event.timestamp = '2024-02-30T10:00:00Z';
      break;
    case 2:
      event.event = `${event.event}_v2`;
      break;
    case 3:
      delete event.user_id;
      delete event.anonymous_id;
      break;
    case 4:
      event.properties = { ...event.properties, ...Object.fromEntries(Object.keys(event.properties).slice(0, 1).map((k) => [k, 42])) };
      break;
    case 5:
      return JSON.stringify(event).slice(0, -7);
    default:
      event.user_id = '';
      break;
  }
  return JSON.stringify(event);
}

function write(path, count) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  const block = [];
  for (let i = 0; i < count; i++) {
    block.push(line(i));
    if (block.length === 4096 || i === count - 1) {
      writeSync(fd, `${block.join('\n')}\n`);
      block.length = 0;
    }
  }
  closeSync(fd);
  renameSync(partial, path);
}

// ---------------------------------------------------------------------------------------------
// Main

const args = process.argv.slice(2);
if (args[0] === '--write') {
  write(args[1], Number(args[2]));
  process.exit(0);
}

const count = Number(args[0] ?? 1_000_000);
if (!Number.isSafeInteger(count) || count < 1) {
  console.error('usage: node bench/lib/validate-ndjson.js <events>');
  process.exit(2);
}
const file = join(BENCH_DIR, `validate-${count}.ndjson`);
if (!existsSync(file)) {
  const made = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--write', file, String(count)], { stdio: 'inherit' });
  if (made.status !== 0) process.exit(1);
}

const { loadTaxonomy } = await import('../../dist/src/index.js');
const { checkPayloadSources, createPayloadChecker } = await import('../../dist/src/payloads/index.js');
const { taxonomy, diagnostics } = loadTaxonomy(join(ROOT, 'taxonomy/flokit.yaml'));
if (taxonomy === undefined) throw new Error(`the bundled taxonomy does not load: ${diagnostics.length} diagnostics`);

const checker = createPayloadChecker(taxonomy);
const rssBefore = process.memoryUsage.rss();
const started = performance.now();
// Counts only: a caller that keeps every invalid result keeps memory that grows with the input.
const summary = await checkPayloadSources([file], checker, () => undefined);
const seconds = (performance.now() - started) / 1000;
const events = summary.valid + summary.invalid;
console.log(
  JSON.stringify({
    events,
    valid: summary.valid,
    invalid: summary.invalid,
    seconds: Number(seconds.toFixed(3)),
    eventsPerSecond: Math.round(events / seconds),
    peakRssMiB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    rssBeforeMiB: Number((rssBefore / 1024 / 1024).toFixed(1)),
    fileBytes: statSync(file).size,
  }),
);
