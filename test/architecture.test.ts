// Imports point one way: cli → index → output/generate → emit → model → load → diagnostics, and
// templates/runtime imports nothing of ours. There are no import cycles.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const LAYERS: readonly (readonly [RegExp, number])[] = [
  [/^src\/(diagnostics|package-files|processes|text-bytes)\.ts$/, 0],
  [/^src\/load\//, 1],
  [/^templates\/runtime\//, 1],
  [/^src\/model\//, 2],
  [/^src\/emit\//, 3],
  [/^src\/(config|generate|init|output|output-language|pipeline|watch)\.ts$/, 4],
  [/^src\/payloads\//, 4],
  [/^src\/diff\//, 4],
  [/^src\/coverage\//, 4],
  [/^src\/(docs|serve)\//, 4],
  [/^src\/import\//, 4],
  [/^src\/index\.ts$/, 5],
  [/^src\/cli\.ts$/, 6],
  [/^src\/cli\//, 6],
];

function layer(file: string): number {
  const found = LAYERS.find(([pattern]) => pattern.test(file));
  if (found === undefined) throw new Error(`${file} belongs to no layer; add it to LAYERS`);
  return found[1];
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => relative('.', join(e.parentPath, e.name)).split('\\').join('/'));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) =>
    relative('.', resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts'))).split('\\').join('/'),
  );
}

const FILES = [...sources('src'), ...sources('templates/runtime')];
const GRAPH = new Map(FILES.map((f) => [f, imports(f)]));

describe('import direction', () => {
  it.each(FILES)('%s imports only its own layer or lower ones', (file) => {
    const mine = layer(file);
    const upward = (GRAPH.get(file) ?? []).filter((target) => layer(target) > mine || (file.startsWith('templates/') && !target.startsWith('templates/')));
    expect(upward).toEqual([]);
  });

  it('the CLI imports only the public API (and its own modules)', () => {
    const cli = FILES.filter((f) => f === 'src/cli.ts' || f.startsWith('src/cli/'));
    expect(cli.length).toBeGreaterThan(1);
    // src/diff/index.ts is the diff command's own entry point (flokit-gen/diff).
    const api = ['src/index.ts', 'src/diff/index.ts'];
    for (const file of cli) expect((GRAPH.get(file) ?? []).filter((t) => !api.includes(t) && !t.startsWith('src/cli/'))).toEqual([]);
  });

  it('the diff module is not loaded with the CLI: only the diff command imports it, when it runs', () => {
    const reached = new Set<string>();
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of GRAPH.get(file) ?? []) visit(next);
    };
    visit('src/cli.ts');
    expect([...reached].filter((f) => f.startsWith('src/diff/') || f === 'src/cli/diff.ts')).toEqual([]);
    expect(readFileSync('src/cli.ts', 'utf8')).toContain("await import('./cli/diff.js')");
  });

  it('has no import cycles', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of GRAPH.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of FILES) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
