// Shared by the import tests (test/import.test.ts, test/import.slow.test.ts): a project directory
// with the bundled taxonomy, running `flokit-gen import` against a test server, and the check that
// the server stored every valid event of an export exactly once, in timestamp order, ties in input
// order.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { instantOf } from '../../src/import/instant.js';
import type { FloKitServer } from './flokit-server.js';
import { ROOT, runCli, startCli, type Run, type Running } from './spawn.js';

export const API_KEY = 'test_key';

const temps: string[] = [];

/** A temporary project holding a copy of the bundled taxonomy. */
export function importProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flokit-import-test-'));
  temps.push(dir);
  cpSync(join(ROOT, 'taxonomy'), join(dir, 'taxonomy'), { recursive: true });
  return dir;
}

export function removeProjects(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `flokit-gen import <args>` in `dir` against `server`, with the API key set. */
export function runImport(dir: string, server: FloKitServer | undefined, args: readonly string[], options: { input?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<Run> {
  return runCli(['import', ...(server === undefined ? [] : ['--base-url', server.url]), ...args], {
    cwd: dir,
    env: { FLOKIT_API_KEY: API_KEY, ...options.env },
    ...(options.input === undefined ? {} : { input: options.input }),
    timeoutMs: options.timeoutMs ?? 120_000,
  });
}

export function startImport(dir: string, server: FloKitServer, args: readonly string[]): Running {
  return startCli(['import', '--base-url', server.url, ...args], { cwd: dir, env: { FLOKIT_API_KEY: API_KEY } });
}

/** The valid, distinct events of NDJSON export files in input order, as compact JSON. */
export function expectedEvents(files: readonly string[], invalidLines: ReadonlyMap<string, ReadonlySet<number>>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const file of files) {
    const bad = invalidLines.get(file) ?? new Set<number>();
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '' || bad.has(i + 1)) return;
        const text = JSON.stringify(JSON.parse(line));
        if (seen.has(line.trim())) return;
        seen.add(line.trim());
        out.push(text);
      });
  }
  return out;
}

/**
 * The server stored exactly `expected` (compact JSON, input order), each once, sorted by instant
 * with ties in input order.
 */
export function expectStoredExactlyOnce(server: FloKitServer, expected: readonly string[]): void {
  const position = new Map<string, number>();
  expected.forEach((text, i) => position.set(text, i));
  const stored = server.events.map((e) => e.raw);
  const counts = new Map<string, number>();
  for (const text of stored) counts.set(text, (counts.get(text) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1);
  expect(twice.slice(0, 3), 'events stored more than once').toEqual([]);
  const unknown = stored.filter((text) => !position.has(text));
  expect(unknown.slice(0, 3), 'events stored that the export does not hold as valid').toEqual([]);
  const missing = expected.filter((text) => !counts.has(text));
  expect(missing.slice(0, 3), 'valid events never stored').toEqual([]);
  expect(stored.length).toBe(expected.length);
  let disorder = 0;
  for (let i = 1; i < stored.length; i++) {
    const a = JSON.parse(stored[i - 1] as string) as { timestamp: string };
    const b = JSON.parse(stored[i] as string) as { timestamp: string };
    const x = instantOf(a.timestamp);
    const y = instantOf(b.timestamp);
    if (x > y || (x === y && (position.get(stored[i - 1] as string) as number) > (position.get(stored[i] as string) as number))) disorder++;
  }
  expect(disorder, 'stored events out of timestamp order (ties in input order)').toBe(0);
}
