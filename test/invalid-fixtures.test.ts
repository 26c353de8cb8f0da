// The bad-input fixture suite: every directory under test/fixtures/invalid/ is one broken taxonomy
// and the exact diagnostics the loader must print for it. A fixture holds `taxonomy.yaml` or a
// `taxonomy/` directory, an optional `case.json` ({ "path": what to load, "limits": {...} }), and
// `expected.txt`: the diagnostics as formatDiagnostic prints them, joined by newlines, with the
// fixture's own directory stripped from every path so they read `taxonomy.yaml:3:5 error ...`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, DIAGNOSTIC_CODES, formatDiagnostic, loadTaxonomy, type Diagnostic, type LoadLimits, type LoadOptions } from '../src/index.js';

const ROOT = fileURLToPath(new URL('./fixtures/invalid/', import.meta.url));

interface Fixture {
  readonly name: string;
  readonly dir: string;
  /** Absolute path handed to loadTaxonomy. */
  readonly path: string;
  readonly options: LoadOptions;
  readonly expected: string;
}

interface CaseFile {
  readonly path?: string;
  readonly limits?: Partial<LoadLimits>;
}

function readCase(dir: string): CaseFile {
  const file = join(dir, 'case.json');
  if (!existsSync(file)) return {};
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // A misspelt key in case.json would silently load the wrong thing; refuse it.
  for (const key of Object.keys(data)) if (key !== 'path' && key !== 'limits') throw new Error(`${file}: unknown key \`${key}\``);
  const limits = (data['limits'] ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(limits)) {
    if (!Object.hasOwn(DEFAULT_LIMITS, key) || typeof value !== 'number') throw new Error(`${file}: bad limit \`${key}\``);
  }
  return data as CaseFile;
}

function loadFixtures(): Fixture[] {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(ROOT, name);
      const spec = readCase(dir);
      const relative = spec.path ?? (existsSync(join(dir, 'taxonomy.yaml')) ? 'taxonomy.yaml' : 'taxonomy');
      return {
        name,
        dir,
        path: join(dir, relative),
        options: spec.limits === undefined ? {} : { limits: spec.limits },
        expected: readFileSync(join(dir, 'expected.txt'), 'utf8').replace(/\n+$/, ''),
      };
    });
}

/** The diagnostics as the CLI prints them, with the fixture's directory removed from every path. */
function render(fixture: Fixture, diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n').split(fixture.dir.endsWith(sep) ? fixture.dir : fixture.dir + sep).join('');
}

/** Codes named in an expected.txt: the `error <code>:` of every diagnostic line (hint lines skipped). */
function codesIn(text: string): string[] {
  return [...text.matchAll(/^\S+:\d+:\d+ error ([a-z0-9-]+): /gm)].map((match) => match[1] ?? '');
}

const fixtures = loadFixtures();

describe('invalid taxonomy fixtures', () => {
  it('has a fixture suite of useful size, laid out as documented', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(45);
    for (const fixture of fixtures) {
      expect(fixture.name, 'fixture directories are kebab-case').toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      const file = existsSync(join(fixture.dir, 'taxonomy.yaml'));
      const directory = existsSync(join(fixture.dir, 'taxonomy')) && statSync(join(fixture.dir, 'taxonomy')).isDirectory();
      expect(file && directory, `${fixture.name} holds taxonomy.yaml or taxonomy/, not both`).toBe(false);
      expect(fixture.expected, `${fixture.name}/expected.txt is empty`).not.toBe('');
    }
  });

  for (const fixture of fixtures) {
    it(fixture.name, () => {
      const result = loadTaxonomy(fixture.path, fixture.options);
      expect(result.taxonomy).toBeUndefined();
      expect(result.diagnostics.length).toBeGreaterThan(0);
      for (const d of result.diagnostics) {
        expect.soft(Object.hasOwn(DIAGNOSTIC_CODES, d.code), `unknown code ${d.code}`).toBe(true);
        expect.soft(d.line, formatDiagnostic(d)).toBeGreaterThanOrEqual(1);
        expect.soft(d.column, formatDiagnostic(d)).toBeGreaterThanOrEqual(1);
        expect.soft(Number.isInteger(d.line) && Number.isInteger(d.column), formatDiagnostic(d)).toBe(true);
      }
      expect(render(fixture, result.diagnostics)).toBe(fixture.expected);
    });
  }

  it('covers every diagnostic code in at least one expected.txt, and names no other code', () => {
    // Config problems have their own fixtures (test/config.test.ts).
    const configExpected = readdirSync('test/fixtures/invalid-config').map((name) => readFileSync(join('test/fixtures/invalid-config', name, 'expected.txt'), 'utf8'));
    const used = new Set([...fixtures.flatMap((fixture) => codesIn(fixture.expected)), ...configExpected.flatMap(codesIn)]);
    const missing = Object.keys(DIAGNOSTIC_CODES).filter((code) => !used.has(code));
    const unknown = [...used].filter((code) => !Object.hasOwn(DIAGNOSTIC_CODES, code));
    expect(missing).toEqual([]);
    expect(unknown).toEqual([]);
  });

  it('loads deterministically: twice in a row, and in reverse order after every other fixture', () => {
    const forward = fixtures.map((fixture) => loadTaxonomy(fixture.path, fixture.options).diagnostics);
    const again = fixtures.map((fixture) => loadTaxonomy(fixture.path, fixture.options).diagnostics);
    const reverse = [...fixtures].reverse().map((fixture) => loadTaxonomy(fixture.path, fixture.options).diagnostics).reverse();
    expect(again).toEqual(forward);
    expect(reverse).toEqual(forward);
  });
});
