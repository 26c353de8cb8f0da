// Projects as users have them, made from scratch in temporary directories: package.json, maybe a
// tsconfig.json, the bundled taxonomy, `flokit-gen generate` run by the real CLI, and one small app
// that imports the generated code as that kind of project must, validates a good and a bad event,
// and sends one (with a derived Idempotency-Key) to a real local FloKit-compatible server that fails
// the first attempt. The app is written without type annotations, so the same text is TypeScript
// and JavaScript; only its import line differs. No npm install: TypeScript and esbuild are this
// repository's own. In: a shape. Out: the app's output and the server's log, for the tests to judge.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { FloKitServer } from './flokit-server.js';
import { ROOT, runCli, runProcess, type Run } from './spawn.js';

export const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** How a shape's app loads the generated module (it is then called `flokit`). */
export const IMPORTS = {
  esm: "import * as flokit from './generated/index.js';",
  typescriptRequire: "import flokit = require('./generated/index.js');",
  commonjs: "const flokit = require('./generated/index.js');",
} as const;

const PROPERTIES = "{ plan_id: 'pro_yearly', transaction_id: 'txn_1', revenue: 49.99, currency: 'USD' }";

/**
 * The app every shape runs: `main()` validates and sends, resolving to a JSON summary (see
 * expectDelivered) that the app prints, or (`worker`) that a Workers-style module answers a request with.
 */
export function appSource(importLine: string, serverUrl: string, apiKey = 'test_key', ending: 'print' | 'worker' = 'print'): string {
  return `${importLine}

function main() {
  const properties = ${PROPERTIES};
  const valid = flokit.validateSubscriptionStarted({ event: 'subscription_started', user_id: 'usr_1', timestamp: '2024-03-15T14:22:00Z', properties });
  const invalid = flokit.validateEvent({ event: 'paywall_viewed', properties: { paywal_id: 1 } });
  const client = flokit.createFloKitClient({ apiKey: ${JSON.stringify(apiKey)}, baseUrl: ${JSON.stringify(serverUrl)}, retries: { initialDelayMs: 1, maxDelayMs: 5 } });
  return client.trackSubscriptionStarted({ user_id: 'usr_1', properties }).then((result) => {
    const codes = invalid.valid ? [] : invalid.violations.map((v) => v.code);
    return JSON.stringify({ valid: valid.valid, codes, event_id: result.event_id });
  });
}

${ending === 'print' ? 'main().then((text) => console.log(text));' : 'export default { fetch: () => main().then((text) => new Response(text)) };'}
`;
}

const temps: string[] = [];

/** A new project directory holding the bundled taxonomy and `files` (path → text). */
export function makeProject(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flokit-shape-'));
  temps.push(dir);
  cpSync(join(ROOT, 'taxonomy'), join(dir, 'taxonomy'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export function removeProjects(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `flokit-gen generate` in the project; fails the test unless it exits 0. */
export async function generateIn(dir: string, args: readonly string[] = []): Promise<Run> {
  const run = await runCli(['generate', ...args], { cwd: dir, timeoutMs: 120_000 });
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  return run;
}

/** Runs a command in the project; fails the test unless it exits 0. */
export async function runIn(dir: string, command: string, args: readonly string[]): Promise<Run> {
  const run = await runProcess(command, args, { cwd: dir, timeoutMs: 120_000 });
  expect(run.code, `${command} ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0);
  return run;
}

/**
 * What every app must have done: the good event valid, the bad one reported with the generated
 * validators' codes, and the event delivered on its second attempt (the server failed the first)
 * under the same Idempotency-Key, the one derived from transaction_id.
 */
export function expectDelivered(run: Run, server: FloKitServer): void {
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as unknown;
  expect(summary).toEqual({ valid: true, codes: ['missing-identity', 'missing-required', 'missing-required', 'unexpected-property'], event_id: server.events[0]?.event_id });
  const attempts = server.requests.filter((r) => r.path === '/v1/events');
  expect(attempts.map((r) => r.status)).toEqual([503, 200]);
  expect(attempts.map((r) => r.headers['idempotency-key'])).toEqual(['flokit:subscription_started:txn_1', 'flokit:subscription_started:txn_1']);
  expect(server.events).toHaveLength(1);
}

/** The files of a generated directory, for asserting the language of the output. */
export function generatedFile(dir: string, path: string): string {
  return readFileSync(join(dir, 'generated', path), 'utf8');
}
