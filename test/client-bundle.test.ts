// The generated client as a browser or worker bundle meets it: esbuild (minify, ESM, tree-shaking)
// keeps only the validators a module imports, the bundles stay small, contain no eval-like code,
// no Node built-ins and no imports at all (zero runtime dependencies), take their idempotency keys
// from randomUUID, and the bundled client really sends what the caller passed, byte for byte.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Generated = typeof import('../generated/index.js');

const INDEX = resolve('generated/index.ts');
const EVENTS = ['user_created', 'install_attributed', 'onboarding_started', 'onboarding_completed', 'activation_completed', 'paywall_viewed', 'paywall_converted', 'trial_started', 'subscription_started', 'renewal_completed', 'plan_changed', 'subscription_cancelled', 'refund_issued'];
const KIB = 1024;

interface Bundle {
  readonly code: string;
  readonly gzipped: number;
  /** Every import the output still has (should be none: everything is bundled). */
  readonly imports: readonly string[];
}

let tmp = '';

async function bundle(name: string, exports: readonly string[]): Promise<Bundle> {
  const entry = join(tmp, `${name}.ts`);
  writeFileSync(entry, `export { ${exports.join(', ')} } from ${JSON.stringify(INDEX)};\n`);
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, treeShaking: true, format: 'esm', platform: 'browser', write: false, metafile: true, logLevel: 'silent' });
  const code = result.outputFiles[0]?.text ?? '';
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
  const gzipped = gzipSync(Buffer.from(code, 'utf8')).length;
  console.log(`[client-bundle] ${name} (${exports.join(', ')}): ${code.length} B minified, ${gzipped} B = ${(gzipped / KIB).toFixed(2)} KiB min+gz`);
  return { code, gzipped, imports };
}

/** What a browser or worker bundle must not contain. */
function expectPortable(b: Bundle): void {
  expect(b.imports).toEqual([]);
  expect(b.code).not.toMatch(/\bnew Function\b/);
  expect(b.code).not.toMatch(/\beval\s*\(/);
  expect(b.code).not.toMatch(/\brequire\s*\(/);
  expect(b.code).not.toMatch(/["'`]node:/);
  // Keys come from randomUUID; Math.random only ever feeds backoff jitter, as the last argument of
  // the delay computation, never into a string.
  expect(b.code).toContain('randomUUID');
  const randoms = [...b.code.matchAll(/Math\.random\(\)(.?)/g)];
  for (const [, next] of randoms) expect(next, 'Math.random() is the last argument of a call').toBe(')');
}

let paywallOnly: Bundle;
let fullClient: Bundle;
let runnable: Bundle;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'flokit-client-bundle-'));
  [paywallOnly, fullClient, runnable] = await Promise.all([
    bundle('paywall-only', ['trackPaywallViewed', 'buildPaywallViewed', 'configureFloKit']),
    bundle('full-client', ['createFloKitClient']),
    bundle('full-client-with-capture', ['createFloKitClient', 'createCaptureTransport']),
  ]);
});

afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

describe('a module importing only trackPaywallViewed, buildPaywallViewed and configureFloKit', () => {
  it("bundles paywall_viewed's validator and no other event's", () => {
    expect(paywallOnly.code).toContain('"paywall_viewed"');
    expect(paywallOnly.code).toContain('paywall_id');
    for (const other of EVENTS.filter((e) => e !== 'paywall_viewed')) expect(paywallOnly.code, other).not.toContain(other);
    // Properties that only other events have.
    for (const field of ['transaction_id', 'campaign_id', 'change_type', 'email_hash', 'trial_length_days']) expect(paywallOnly.code, field).not.toContain(field);
  });

  it('is under 8 KiB minified and gzipped', () => {
    expect(paywallOnly.gzipped).toBeLessThan(8 * KIB);
  });

  it('is portable: no eval, no Node built-ins, no imports, random keys from randomUUID', () => {
    expectPortable(paywallOnly);
  });
});

describe('a module importing createFloKitClient (every event, validators included)', () => {
  it('bundles every event', () => {
    for (const event of EVENTS) expect(fullClient.code, event).toContain(`"${event}"`);
  });

  it('is under 25 KiB minified and gzipped', () => {
    expect(fullClient.gzipped).toBeLessThan(25 * KIB);
  });

  it('is portable: no eval, no Node built-ins, no imports, random keys from randomUUID', () => {
    expectPortable(fullClient);
    expectPortable(runnable);
  });

  it('runs: the bundled client sends exactly what the caller passed', async () => {
    const file = join(tmp, 'full-client.mjs');
    writeFileSync(file, runnable.code);
    const { createFloKitClient, createCaptureTransport } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Pick<Generated, 'createFloKitClient' | 'createCaptureTransport'>;
    const transport = createCaptureTransport();
    const client = createFloKitClient({ apiKey: 'fk_test_bundle', transport, logger: false });
    const result = await client.trackPaywallViewed({ user_id: 'usr_abc123', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_annual_v3', plan_ids: ['monthly', 'annual'], context: 'onboarding' } });
    const expected = '{"event":"paywall_viewed","user_id":"usr_abc123","timestamp":"2024-03-15T14:22:00Z","properties":{"paywall_id":"pw_annual_v3","plan_ids":["monthly","annual"],"context":"onboarding"}}';
    expect(result).toEqual({ status: 'ok', event_id: 'evt_capture_1' });
    expect(transport.requests).toHaveLength(1);
    expect(transport.requests[0]?.url).toBe('https://api.flokit.ai/v1/events');
    expect(transport.requests[0]?.body).toBe(expected);
    expect(transport.requests[0]?.headers['Authorization']).toBe('Bearer [redacted]');
    expect(transport.requests[0]?.headers['Idempotency-Key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(transport.events).toHaveLength(1);
    expect(transport.events[0]?.json).toBe(expected);
    expect(transport.events[0]?.valid).toBe(true);
    expect(transport.events[0]?.endpoint).toBe('/v1/events');
    await client.shutdown({ timeoutMs: 1000 });
  });
});
