// A synthetic export of past events for `flokit-gen import` (bench/import.js and the slow tests):
// NDJSON lines of the bundled taxonomy's events, out of timestamp order, with a share of invalid
// lines and of lines repeated verbatim, deterministic for a seed. Writes through a stream so a
// multi-gigabyte export never sits in memory.
//   writeExport(path, { events, invalidRate, duplicateRate, seed }) → { lines, valid, invalid, duplicates, bytes, invalidLines }
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** mulberry32: a tiny seeded PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const START = Date.UTC(2024, 0, 1);

/** An RFC 3339 timestamp for `ms`, in UTC or (one in five) with an offset, sometimes with microseconds. */
function timestamp(ms, random) {
  const kind = random();
  if (kind < 0.8) return new Date(ms).toISOString();
  const offsetMinutes = (Math.floor(random() * 27) - 12) * 60;
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const micro = kind < 0.9 ? String(Math.floor(random() * 1000)).padStart(3, '0') : '';
  return `${local}${micro}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function validEvent(i, random) {
  const ts = timestamp(START + Math.floor(random() * YEAR_MS), random);
  const user = `usr_${i.toString(36).padStart(8, '0')}`;
  switch (i % 4) {
    case 0:
      return { event: 'paywall_viewed', user_id: user, anonymous_id: `anon_${i}`, timestamp: ts, properties: { paywall_id: 'pw_annual_v3', offer_id: 'offer_intro_50pct', context: 'onboarding_step_3', plan_ids: ['plan_annual_usd', 'plan_monthly_usd'] } };
    case 1:
      return { event: 'trial_started', user_id: user, timestamp: ts, properties: { plan_id: 'plan_annual_usd', trial_length_days: 7, paywall_id: 'pw_annual_v3', store: 'apple' } };
    case 2:
      return { event: 'subscription_started', user_id: user, timestamp: ts, properties: { plan_id: 'plan_annual_usd', revenue: 49.99, currency: 'USD', transaction_id: `txn_${i}`, trial_converted: true, store: 'apple' } };
    default:
      return { event: 'user_created', user_id: user, anonymous_id: `anon_${i}`, timestamp: ts, properties: { platform: 'ios', country: 'US', install_source: 'app_store' } };
  }
}

/** An invalid line: a broken event, an unknown event, or not JSON at all. */
function invalidLine(i, random) {
  const kind = Math.floor(random() * 4);
  const event = validEvent(i, random);
  if (kind === 0) return JSON.stringify({ ...event, user_id: undefined });
  if (kind === 1) return JSON.stringify({ ...event, event: 'paywal_viewed' });
  if (kind === 2) return JSON.stringify({ ...event, timestamp: '2024-13-45 25:61' });
  return `${JSON.stringify(event).slice(0, 40)}`;
}

export async function writeExport(path, { events, invalidRate = 0.001, duplicateRate = 0.01, seed = 1 }) {
  const random = prng(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const recent = [];
  const stats = { lines: 0, valid: 0, invalid: 0, duplicates: 0, bytes: 0, invalidLines: [] };
  let chunk = '';
  for (let i = 0; i < events; i++) {
    const roll = random();
    let line;
    if (roll < invalidRate) {
      line = invalidLine(i, random);
      stats.invalid++;
      stats.invalidLines.push(stats.lines + 1);
    } else if (roll < invalidRate + duplicateRate && recent.length > 0) {
      line = recent[Math.floor(random() * recent.length)];
      stats.duplicates++;
    } else {
      line = JSON.stringify(validEvent(i, random));
      stats.valid++;
      if (recent.length < 1000) recent.push(line);
      else recent[Math.floor(random() * 1000)] = line;
    }
    stats.lines++;
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      stats.bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  stats.bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'close');
  return stats;
}
