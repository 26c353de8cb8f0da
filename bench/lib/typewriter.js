// Segment Typewriter 9.2.0 (`typewriter` on npm; not `@segment/typewriter`, which the registry does
// not have) beside flokit-gen, on the same synthetic plan, offline.
//
// Install: once, into `.bench/typewriter/` (git-ignored) with the ordinary npm client, never as a
// dependency of this project. Reused while its package.json says 9.2.0.
//
// How it runs offline (read from its sources in node_modules/typewriter/dist):
//   - `typewriter build` reads `typewriter.yml` (client: language + sdk; trackingPlans: id + path)
//     and, without `--update`, the tracking plan from `<path>/plan.json` (api/trackingplans.js,
//     loadTrackingPlans: the API is asked only when there is no plan.json or with --update).
//   - No token is needed: without one it warns "Using local copy of tracking plans instead."
//   - It sends telemetry (analytics-node) and flushes it in a postrun hook; with the network
//     unreachable that fails at once and is ignored (its errorHandler is a no-op).
//   - The network is made unreachable by running it in an empty network namespace (`unshare -n`,
//     root or user namespaces); where that is refused, a preload (block-network.cjs) makes every
//     socket connection and DNS lookup fail at once. Either way it cannot fetch anything.
// The plan: Segment's Public API format (the v2 plan.json `typewriter update` writes): one Track
// rule per event, whose jsonSchema wraps the event's properties as `properties.properties`, as the
// API returns them (typewriter unwraps that itself). Each event's properties schema is taken from
// flokit-gen's own emitted `schemas/<event>.schema.json`, with its `$ref`s to shared types inlined
// (Segment tracking plans carry no shared definitions) and the 2020-12 `$schema` dropped.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TYPEWRITER_VERSION = '9.2.0';
// typewriter depends on `typescript: "*"`, which npm now resolves to TypeScript 7, whose package no
// longer has the compiler API typewriter 9.2.0 calls (`ScriptTarget.ES3` of undefined at start-up).
// Installed beside it: the TypeScript of its time, the one this project uses.
export const TYPESCRIPT_VERSION = '5.9.3';

/** Installs typewriter into `dir` once; returns the path of its bin/run. */
export function ensureTypewriter(dir, log = () => {}) {
  const pkg = join(dir, 'node_modules/typewriter/package.json');
  const tsPkg = join(dir, 'node_modules/typescript/package.json');
  const version = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined);
  if (version(pkg) !== TYPEWRITER_VERSION || version(tsPkg) !== TYPESCRIPT_VERSION) {
    log(`typewriter: installing typewriter@${TYPEWRITER_VERSION} into ${dir} (once)`);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    const r = spawnSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', `typewriter@${TYPEWRITER_VERSION}`, `typescript@${TYPESCRIPT_VERSION}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`npm install typewriter@${TYPEWRITER_VERSION} failed (${r.status}):\n${r.stderr}`);
  }
  return join(dir, 'node_modules/typewriter/bin/run');
}

/** Replaces every `$ref: '#/$defs/X'` by a copy of the definition (the referring node's own keys win). */
function inline(node, defs) {
  if (Array.isArray(node)) return node.map((x) => inline(x, defs));
  if (node === null || typeof node !== 'object') return node;
  let out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' || key === '$defs' || key === '$schema' || key === '$id' || key === '$comment') continue;
    out[key] = inline(value, defs);
  }
  if (typeof node.$ref === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(node.$ref)?.[1];
    const target = name === undefined ? undefined : defs[decodeURIComponent(name)];
    if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
    const { title: _title, ...definition } = inline(target, defs);
    out = { ...definition, ...out };
  }
  return out;
}

/** Segment tracking plan (Public API format) from flokit-gen's emitted per-event schemas. */
export function planFromSchemas(schemasDir) {
  const rules = readdirSync(schemasDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((file) => {
      const schema = JSON.parse(readFileSync(join(schemasDir, file), 'utf8'));
      const props = schema.properties?.properties ?? { type: 'object', properties: {} };
      return {
        key: schema.title,
        type: 'TRACK',
        version: 1,
        description: schema.description ?? '',
        jsonSchema: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          description: schema.description ?? '',
          properties: {
            context: {},
            traits: { type: 'object' },
            properties: inline(props, schema.$defs ?? {}),
          },
          required: ['properties'],
        },
      };
    });
  const now = '2026-01-01T00:00:00.000Z';
  return { id: 'tp_bench', name: 'flokit-gen bench', slug: 'flokit-gen-bench', description: 'Synthetic plan of the flokit-gen bench', createdAt: now, updatedAt: now, rules };
}

/** A typewriter project in `dir`: typewriter.yml and the plan in `plan/plan.json`; output in `plan/`. */
export function writeProject(dir, plan, { sdk = 'analytics-node' } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'plan'), { recursive: true });
  writeFileSync(
    join(dir, 'typewriter.yml'),
    `client:\n  language: typescript\n  sdk: ${sdk}\ntrackingPlans:\n  - id: ${plan.id}\n    workspaceSlug: bench\n    path: ./plan\n`,
  );
  writeFileSync(join(dir, 'plan/plan.json'), JSON.stringify(plan, null, '\t'));
}

let isolation;
/** How the child is cut off the network: an empty network namespace if the kernel lets us, else a preload. */
export function networkIsolation() {
  if (isolation !== undefined) return isolation;
  // FLOKIT_BENCH_NETWORK=preload skips the namespace (to try the preload where unshare works).
  const probe = (args) => process.env.FLOKIT_BENCH_NETWORK !== 'preload' && spawnSync('unshare', [...args, 'true'], { stdio: 'ignore' }).status === 0;
  if (probe(['-n'])) isolation = { prefix: ['unshare', '-n'], how: 'unshare -n (empty network namespace)' };
  else if (probe(['-rn'])) isolation = { prefix: ['unshare', '-rn'], how: 'unshare -rn (empty network namespace, user namespace)' };
  else isolation = { prefix: [], preload: new URL('./block-network.cjs', import.meta.url).pathname, how: 'preload block-network.cjs (every connection and lookup fails)' };
  return isolation;
}

/**
 * `typewriter build` in `dir`, cold, as a child process cut off the network, under /usr/bin/time for
 * the peak RSS. Resolves to the wall time from spawn to exit, the time until it printed "Done" (its
 * files are written then; what follows is its telemetry flush, which fails at once offline), the
 * peak RSS (MiB), the files written and their bytes. stdin is closed: typewriter reads a piped
 * stdin to its end before anything else (a token can be piped to it).
 */
export function runTypewriter(bin, dir) {
  const net = networkIsolation();
  const timeFile = join(dir, '.time');
  const useTime = existsSync('/usr/bin/time');
  const argv = [...net.prefix, ...(useTime ? ['/usr/bin/time', '-f', '%M', '-o', timeFile] : []), process.execPath, bin, 'build'];
  const env = { ...process.env, NODE_ENV: 'production', CI: 'true', FORCE_COLOR: '0', DEBUG: '' };
  if (net.preload !== undefined) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${net.preload}`.trim();
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const child = spawn(argv[0], argv.slice(1), { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let doneMs = NaN;
    const read = (chunk) => {
      output += chunk;
      if (Number.isNaN(doneMs) && /Generating files\.\.\. Done/.test(output)) doneMs = since();
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20 * 60_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const wallMs = since();
      const files = existsSync(join(dir, 'plan')) ? readdirSync(join(dir, 'plan')).filter((f) => f !== 'plan.json') : [];
      if (status !== 0 || files.length === 0) return reject(new Error(`typewriter build failed (${status ?? signal}) in ${dir}:\n${output}`));
      const peakRssMiB = useTime && existsSync(timeFile) ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) / 1024 : NaN;
      const bytes = files.reduce((sum, f) => sum + readFileSync(join(dir, 'plan', f)).length, 0);
      resolve({ wallMs, doneMs, peakRssMiB, files, bytes, network: net.how, output: output.trim() });
    });
  });
}

/** A short hash of a file's bytes: plans are rebuilt when the synthetic taxonomy changes. */
export function fileHash(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}
