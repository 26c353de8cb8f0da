// The IR of the bundled taxonomy (snapshot), determinism, and the rule that the input is never mutated.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type LoadCache } from '../src/index.js';
import { DEFAULT_LIMITS, loadRawTaxonomy } from '../src/load/index.js';
import { buildIr } from '../src/model/build-ir.js';
import type { EventDef, Taxonomy } from '../src/model/ir.js';

const BUNDLED = 'taxonomy/flokit.yaml';

function load(path: string): Taxonomy {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  expect(diagnostics).toEqual([]);
  return taxonomy as Taxonomy;
}

function event(taxonomy: Taxonomy, name: string): EventDef {
  const found = taxonomy.events.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no event ${name}`);
  return found;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('the bundled FloKit taxonomy', () => {
  it('matches the IR snapshot', async () => {
    await expect(JSON.stringify(load(BUNDLED), null, 2) + '\n').toMatchFileSnapshot('snapshots/flokit.ir.json');
  });

  it('covers every lifecycle event FloKit documents', () => {
    expect(load(BUNDLED).events.map((e) => e.name)).toEqual([
      'user_created', 'install_attributed', 'onboarding_started', 'onboarding_completed', 'activation_completed',
      'paywall_viewed', 'paywall_converted', 'trial_started', 'subscription_started', 'renewal_completed',
      'plan_changed', 'subscription_cancelled', 'refund_issued',
    ]);
  });

  it('requires user_id except for install_attributed, which takes either id', () => {
    for (const e of load(BUNDLED).events) expect([e.name, e.identity]).toEqual([e.name, e.name === 'install_attributed' ? 'either' : 'user_id']);
  });

  it('gives revenue events revenue, currency and a required transaction_id that derives the key', () => {
    const taxonomy = load(BUNDLED);
    for (const name of ['subscription_started', 'renewal_completed', 'plan_changed', 'refund_issued']) {
      const e = event(taxonomy, name);
      const props = new Map(e.properties.map((p) => [p.name, p]));
      expect(props.get('transaction_id')?.required).toBe(true);
      expect(props.get('revenue')?.shape).toMatchObject({ kind: 'ref', name: 'amount' });
      expect(props.get('currency')?.shape).toMatchObject({ kind: 'ref', name: 'currency' });
      expect(e.idempotencyKey).toEqual([{ source: 'property', name: 'transaction_id' }]);
    }
  });

  it('has the documented required fields', () => {
    const taxonomy = load(BUNDLED);
    const required = (name: string): string[] => event(taxonomy, name).properties.filter((p) => p.required).map((p) => p.name);
    expect(required('install_attributed')).toEqual(['campaign_id', 'channel']);
    expect(required('paywall_viewed')).toEqual(['paywall_id']);
    expect(required('onboarding_started')).toEqual([]);
    expect(required('trial_started')).toEqual(['plan_id']);
    expect(required('subscription_started')).toEqual(['plan_id', 'transaction_id']);
    expect(event(taxonomy, 'activation_completed').properties).toEqual([]);
  });

  it('describes every event', () => {
    for (const e of load(BUNDLED).events) expect(e.description?.length ?? 0).toBeGreaterThan(30);
  });
});

describe('loading', () => {
  it('gives equal IRs when loading twice', () => {
    expect(load(BUNDLED)).toEqual(load(BUNDLED));
  });

  it('never mutates its input', () => {
    const { raw } = loadRawTaxonomy(BUNDLED, DEFAULT_LIMITS);
    if (raw === undefined) throw new Error('bundled taxonomy failed to load');
    const snapshot = JSON.stringify(raw);
    const built = buildIr(deepFreeze(raw), DEFAULT_LIMITS);
    expect(built.diagnostics).toEqual([]);
    expect(JSON.stringify(raw)).toBe(snapshot);
  });

  it('re-parses only the files whose text changed when given a cache, with the same result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flokit-cache-'));
    writeFileSync(join(dir, 'a.yaml'), 'taxonomy: cached\nversion: 1.0.0\ntypes:\n  plan: { type: string, minLength: 1 }\n');
    writeFileSync(join(dir, 'b.yaml'), 'events:\n  trial_started:\n    identity: user_id\n    properties:\n      plan_id: { type: plan, required: true }\n');
    const cache: LoadCache = new Map();
    load(dir);
    expect(loadTaxonomy(dir, { cache }).diagnostics).toEqual([]);
    const before = new Map(cache);
    writeFileSync(join(dir, 'b.yaml'), 'events:\n  trial_started:\n    description: Edited.\n    identity: user_id\n    properties:\n      plan_id: { type: plan, required: true }\n');
    const cached = loadTaxonomy(dir, { cache });
    expect(cached).toEqual(loadTaxonomy(dir));
    expect(cached.taxonomy?.events[0]?.description).toBe('Edited.');
    expect(cache.get(join(dir, 'a.yaml'))).toBe(before.get(join(dir, 'a.yaml')));
    expect(cache.get(join(dir, 'b.yaml'))).not.toBe(before.get(join(dir, 'b.yaml')));
    writeFileSync(join(dir, 'b.yaml'), 'events:\n  trial_started:\n    properties:\n      plan_id: { type: plann }\n');
    expect(loadTaxonomy(dir, { cache }).diagnostics.map((d) => d.code)).toEqual(['unknown-type']);
  });

  it('merges a directory of files in name order into the same IR as one file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flokit-dir-'));
    writeFileSync(join(dir, 'a-header.yaml'), 'taxonomy: split\nversion: 1.0.0\ntypes:\n  plan: { type: string, minLength: 1 }\n');
    writeFileSync(join(dir, 'b-events.yml'), 'events:\n  trial_started:\n    identity: user_id\n    properties:\n      plan_id: { type: plan, required: true }\n');
    writeFileSync(join(dir, 'c-more.yaml'), 'commonProperties:\n  app_version: string\nevents:\n  app_opened:\n');
    writeFileSync(join(dir, 'ignored.txt'), 'not yaml');
    const one = join(mkdtempSync(join(tmpdir(), 'flokit-one-')), 'one');
    writeFileSync(
      one + '.yaml',
      'taxonomy: split\nversion: 1.0.0\ntypes:\n  plan: { type: string, minLength: 1 }\ncommonProperties:\n  app_version: string\nevents:\n  trial_started:\n    identity: user_id\n    properties:\n      plan_id: { type: plan, required: true }\n  app_opened:\n',
    );
    const strip = (t: Taxonomy): unknown => JSON.parse(JSON.stringify({ ...t, files: [] }, (k, v: unknown) => (k === 'location' ? undefined : v)));
    const merged = load(dir);
    expect(merged.files.map((f) => f.slice(dir.length + 1))).toEqual(['a-header.yaml', 'b-events.yml', 'c-more.yaml']);
    expect(strip(merged)).toEqual(strip(load(one + '.yaml')));
    expect(event(merged, 'trial_started').properties.map((p) => [p.name, p.common])).toEqual([['plan_id', false], ['app_version', true]]);
  });
});
