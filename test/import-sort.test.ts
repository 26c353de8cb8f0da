// The import's sort key and external merge sort, in-process: instantOf against Date.parse on every
// shape of RFC 3339 date-time the validators accept, and the sorter against Array#sort (stable)
// with memory small enough to force many run files, duplicates found across runs; the scratch
// directory the runs go to, and the removal of those a killed import left.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prng } from '../bench/lib/import-export.js';
import { DuplicateFilter } from '../src/import/duplicates.js';
import { instantOf } from '../src/import/instant.js';
import { radixOrder } from '../src/import/radix-order.js';
import { scratchDirectory } from '../src/import/scratch.js';
import { ExternalSorter } from '../src/import/sort.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('instantOf', () => {
  it.each([
    ['2024-03-15T14:22:00Z', Date.UTC(2024, 2, 15, 14, 22)],
    ['2024-03-15t16:22:00+02:00', Date.UTC(2024, 2, 15, 14, 22)],
    ['2024-03-15 09:22:00-0500', Date.UTC(2024, 2, 15, 14, 22)],
    ['2024-03-15T14:22:00+00', Date.UTC(2024, 2, 15, 14, 22)],
    ['2024-03-15T14:22:00.5z', Date.UTC(2024, 2, 15, 14, 22, 0, 500)],
    ['2024-03-15T14:22:00.123456Z', Date.UTC(2024, 2, 15, 14, 22, 0, 123) + 0.456],
    ['1969-12-31T23:59:59.999Z', -1],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    // A leap second sorts as the first second of the next minute.
    ['2016-12-31T23:59:60Z', Date.UTC(2017, 0, 1)],
  ])('%s', (text, want) => {
    expect(instantOf(text)).toBeCloseTo(want, 3);
  });

  it('agrees with Date.parse on 10,000 random date-times with offsets and fractions', () => {
    const random = prng(7);
    for (let i = 0; i < 10_000; i++) {
      const ms = Math.floor((random() - 0.3) * 4e12);
      const offset = (Math.floor(random() * 52) - 26) * 30;
      const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
      const fraction = random() < 0.5 ? '' : `.${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
      const sign = offset < 0 ? '-' : '+';
      const zone = offset === 0 && random() < 0.5 ? 'Z' : `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
      const text = `${local}${fraction}${zone}`;
      expect(instantOf(text), text).toBe(Date.parse(text));
    }
  });
});

describe('ExternalSorter', () => {
  it('sorts by instant, ties in input order, through many run files, and finds duplicates across runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flokit-sort-test-'));
    dirs.push(dir);
    const random = prng(3);
    // 3 MiB of memory: a 1 MiB minimum arena, so 60,000 events of ~100 bytes spill into several runs.
    const sorter = new ExternalSorter(dir, 3 * 1024 * 1024);
    const input: { instant: number; text: string; seq: number }[] = [];
    for (let seq = 0; seq < 60_000; seq++) {
      const repeat = seq > 0 && random() < 0.05 ? input[Math.floor(random() * seq)] : undefined;
      const instant = repeat?.instant ?? Math.floor(random() * 5000);
      const text = repeat?.text ?? JSON.stringify({ seq, pad: 'x'.repeat(Math.floor(random() * 120)) });
      input.push({ instant, text, seq });
      const bytes = Buffer.from(`  ${text}  `);
      sorter.add(instant, bytes, 2, bytes.length - 2, seq % 3, seq + 1, -1);
    }
    const want = [...input].sort((a, b) => a.instant - b.instant || a.seq - b.seq);
    const got: { instant: number; text: string; line: number }[] = [];
    const filter = new DuplicateFilter();
    let duplicates = 0;
    for (const record of sorter.sorted()) {
      const first = filter.check(record);
      if (first !== undefined) {
        duplicates++;
        expect(input[first.line - 1]?.text).toBe(record.bytes.toString('utf8', record.start, record.end));
        expect(first.line).toBeLessThan(record.line);
      }
      got.push({ instant: record.instant, text: record.bytes.toString('utf8', record.start, record.end), line: record.line });
    }
    expect(sorter.runCount).toBeGreaterThanOrEqual(2); // two files and the arena: a three-way merge
    expect(got.map((g) => g.line)).toEqual(want.map((w) => w.seq + 1));
    expect(got.map((g) => g.text)).toEqual(want.map((w) => w.text));
    expect(duplicates).toBe(input.length - new Set(input.map((i) => i.text)).size);
  });
});

describe('radixOrder', () => {
  it('orders like a stable comparator sort: negative, fractional, equal and extreme instants', () => {
    const random = prng(7);
    const pool = [0, -0, 1, -1, 0.001, -0.001, 1.5, Date.UTC(2024, 2, 15), Date.UTC(1969, 11, 31, 23, 59, 59, 999), -62135596800000, 253402300799999, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE];
    for (const size of [0, 1, 2, 17, 5000]) {
      const instants = new Float64Array(size + 3);
      for (let i = 0; i < size; i++) instants[i] = random() < 0.3 ? (pool[Math.floor(random() * pool.length)] as number) : (random() - 0.3) * 2e12 + Math.floor(random() * 1000) / 1000;
      const expected = Array.from({ length: size }, (_, i) => i).sort((a, b) => (instants[a] as number) - (instants[b] as number) || a - b);
      // Only the first `count` instants count: the rest of the buffer is spare capacity.
      expect([...radixOrder(instants, size)]).toEqual(expected);
    }
  });
});

describe('scratchDirectory', () => {
  it("removes the directories of this host's imports whose process is gone, and nothing else", () => {
    const temp = mkdtempSync(join(tmpdir(), 'flokit-scratch-test-'));
    dirs.push(temp);
    const host = hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';
    // A process that has exited: its id names a killed import's directory.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const left = [`flokit-import-${host}-${dead}-aB3dE9`];
    const kept = [`flokit-import-${host}-${process.pid}-Zz9yX1`, `flokit-import-other_host-${dead}-aB3dE9`, 'flokit-import-test-aB3dE9', 'unrelated'];
    for (const name of [...left, ...kept]) {
      mkdirSync(join(temp, name));
      writeFileSync(join(temp, name, 'run-0'), 'sorted events');
    }
    const scratch = scratchDirectory(temp);
    expect(scratch.startsWith(join(temp, `flokit-import-${host}-${process.pid}-`))).toBe(true);
    expect(existsSync(scratch)).toBe(true);
    expect(readdirSync(temp).sort()).toEqual([...kept, scratch.slice(temp.length + 1)].sort());
  });
});
