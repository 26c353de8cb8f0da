// Validator bench helpers: bundle the validators with esbuild, check that the hand-written limit
// agrees with the generated validator (and ajv) before anything is timed, and measure bundle sizes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { invalidPayloads, validPayloads } from './payloads.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const at = (path) => join(ROOT, path);

/** generated/runtime/formats.ts in place of the hand-tuned date-time parser. */
const sharedFormats = {
  name: 'shared-formats',
  setup(b) {
    b.onResolve({ filter: /fast-date-time\.js$/ }, () => ({ path: at('generated/runtime/formats.ts') }));
  },
};

/** Writes generated.mjs, hand.mjs, hand-shared.mjs and formats.mjs into `dir` (unminified ESM for node). */
export async function bundleValidators(dir) {
  mkdirSync(dir, { recursive: true });
  const common = { bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' };
  await build({ ...common, entryPoints: [at('generated/validators.ts')], outfile: join(dir, 'generated.mjs') });
  await build({ ...common, entryPoints: [at('bench/lib/hand-written.js')], outfile: join(dir, 'hand.mjs') });
  await build({ ...common, entryPoints: [at('bench/lib/hand-written.js')], outfile: join(dir, 'hand-shared.mjs'), plugins: [sharedFormats] });
  await build({ ...common, entryPoints: [at('generated/runtime/formats.ts')], outfile: join(dir, 'formats.mjs') });
}

/**
 * Same results from the generated validator and both hand-written ones on every bench payload (and
 * on payloads with every timestamp from the date-time corpus), same verdicts from ajv, and the same
 * verdicts from the hand-tuned and the runtime date-time parsers on a few hundred thousand strings.
 * Returns the disagreements found (empty when none).
 */
export async function checkAgreement(dir) {
  const load = async (name) => import(pathToFileURL(join(dir, `${name}.mjs`)).href);
  const generated = (await load('generated')).validateSubscriptionStarted;
  const hand = (await load('hand')).validateSubscriptionStarted;
  const handShared = (await load('hand-shared')).validateSubscriptionStarted;
  const { isDateTime } = await load('formats');
  const { isDateTime: fastIsDateTime } = await import('./fast-date-time.js');
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: addFormats } = await import('ajv-formats');
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const { readFileSync } = await import('node:fs');
  const schema = JSON.parse(readFileSync(at('generated/schemas/subscription_started.schema.json'), 'utf8'));
  const ajvValidate = ajv.compile(schema);

  const problems = [];
  const strings = dateTimeCorpus();
  const payloads = [...validPayloads(), ...invalidPayloads(), ...strings.slice(0, 2000).map((timestamp) => ({ ...validPayloads()[0], timestamp }))];
  for (const payload of payloads) {
    const want = generated(payload);
    if (!isDeepStrictEqual(hand(payload), want)) problems.push(`hand-written differs from generated on ${JSON.stringify(payload)}`);
    if (!isDeepStrictEqual(handShared(payload), want)) problems.push(`hand-written (runtime formats) differs from generated on ${JSON.stringify(payload)}`);
    if (ajvValidate(payload) !== want.valid) problems.push(`ajv's verdict differs from generated on ${JSON.stringify(payload)}`);
  }
  let formatDisagreements = 0;
  for (const s of strings) {
    if (fastIsDateTime(s) !== isDateTime(s)) {
      formatDisagreements++;
      if (formatDisagreements <= 5) problems.push(`date-time parsers disagree on ${JSON.stringify(s)}`);
    }
  }
  return { problems, payloads: payloads.length, dateTimeStrings: strings.length };
}

/** Valid date-times and near misses: every position of a few templates mutated with likely characters. */
function dateTimeCorpus() {
  const templates = [
    '2024-03-15T14:22:00Z',
    '2024-02-29T23:59:60Z',
    '2023-02-29T10:00:00Z',
    '1990-12-31t23:59:60.5-00:00',
    '2024-03-15 14:22:00.123456+01:00',
    '2024-06-30T23:59:60.999999999999999999Z',
    '2024-06-30T23:59:59.99999999999999999Z',
    '2024-01-01T00:59:60+01:00',
    '2024-01-01T00:00:60+0100',
    '2024-13-01T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2000-02-29T00:00:00z',
    '1900-02-29T00:00:00Z',
    '2024-03-15T14:22:00+24:00',
    '2024-03-15T14:22:00+23:60',
    '2024-03-15\u00a014:22:00Z',
    '2024-03-15T14:22:00+01',
    '2024-03-15T14:22:00',
    '2024-03-15T14:22Z',
    '2024-03-15T99:99:99Z',
    '2024-03-15T14:22:00.Z',
  ];
  const alphabet = ['0', '1', '2', '3', '5', '6', '9', ':', '-', '+', '.', 'T', 't', 'Z', 'z', ' ', '\u2003', 'x', ''];
  const out = new Set(templates);
  for (const t of templates) {
    for (let i = 0; i <= t.length; i++) {
      for (const c of alphabet) {
        out.add(t.slice(0, i) + c + t.slice(i + 1)); // replace (or delete, for '')
        out.add(t.slice(0, i) + c + t.slice(i)); // insert
      }
    }
  }
  // Every second count and offset around the leap-second rule.
  for (let h = 0; h < 26; h++)
    for (const m of ['00', '59', '60'])
      for (const s of ['59', '60', '61', '60.5'])
        for (const o of ['Z', '+01:00', '-01:00', '+00:30', '-23:59']) out.add(`2024-06-30T${String(h).padStart(2, '0')}:${m}:${s}${o}`);
  return [...out];
}

/** Minified + gzipped (level 9) size of the validators, whole and with one event's validator imported. */
export async function bundleSizes() {
  const gz = (text) => gzipSync(text, { level: 9 }).length;
  const bundle = async (options) => {
    const result = await build({
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      logLevel: 'error',
      ...options,
    });
    return result.outputFiles[0].text;
  };
  const whole = await bundle({ entryPoints: [at('generated/validators.ts')] });
  const one = await bundle({ stdin: { contents: "export { validatePaywallViewed } from './generated/validators.ts';", resolveDir: ROOT, loader: 'ts' } });
  const dispatch = await bundle({ stdin: { contents: "export { validateEvent } from './generated/validators.ts';", resolveDir: ROOT, loader: 'ts' } });
  const size = (text) => ({ minifiedBytes: Buffer.byteLength(text), gzipBytes: gz(text) });
  return { whole: size(whole), validatePaywallViewed: size(one), validateEvent: size(dispatch), oneContainsOthers: /subscription_started/.test(one) };
}
