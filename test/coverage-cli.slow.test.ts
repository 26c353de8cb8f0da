// In the slow tier: each run loads the TypeScript compiler, a couple of seconds of CPU.
// `flokit-gen coverage` as users run it: the built binary in a fixture project (the taxonomy in
// taxonomy/, the project's tsconfig.json), its three formats, `--tests`, `--fail-on` and exit codes
// (0 ok, 1 a failed condition or a project that cannot be analysed, 2 a usage error).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COVERAGE_FIXTURES, loadPlan, setUpCase } from './support/coverage-projects.js';
import { runCli } from './support/spawn.js';

function project(): string {
  const { dir } = setUpCase('stale', loadPlan());
  mkdirSync(join(dir, 'taxonomy'));
  cpSync(join(COVERAGE_FIXTURES, 'taxonomy.yaml'), join(dir, 'taxonomy', 'shop.yaml'));
  return dir;
}

// Each run loads the TypeScript compiler; on a loaded machine that is many seconds.
describe('flokit-gen coverage', { timeout: 180_000 }, () => {
  it('prints the report as text and exits 1 naming each --fail-on condition the report meets', async () => {
    const dir = project();
    const result = await runCli(['coverage', '--fail-on', 'untracked', 'deprecated', 'unknown', 'unresolved'], { cwd: dir });
    expect(result.stdout).toBe(
      [
        'Coverage of shop 1.0.0 in 3 files (tsconfig.json): 7 planned events: 2 produced, 2 only in tests, 3 never produced; 1 deprecated event still produced; 1 unknown event name; 0 unresolved sites.',
        '',
        'app_opened: produced, 2 sites',
        '  src/app.ts:4:9     trackAppOpened',
        '  test/smoke.ts:5:9  trackAppOpened (test)',
        'paywall_viewed: never produced',
        'trial_started: never produced',
        'checkout_completed: only in tests, 1 site',
        '  src/checkout.spec.ts:3:47  trackCheckoutCompleted (test)',
        'signup_completed: deprecated, still produced, 1 site',
        '  src/app.ts:5:9  trackSignupCompleted',
        'account_created: never produced',
        'never_sent: only in tests, 1 site',
        '  test/smoke.ts:4:9  trackNeverSent (test)',
        '',
        'Produced but not in the taxonomy:',
        'legacy_purchase: 1 site',
        '  src/app.ts:6:9  trackLegacyPurchase',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('coverage fails on untracked: paywall_viewed, trial_started, checkout_completed, account_created, never_sent; deprecated: signup_completed; unknown: legacy_purchase\n');
    expect(result.code).toBe(1);
  });

  it('writes the JSON report (expected.json of the fixture) and Markdown; --tests replaces the test globs; a condition not met exits 0', async () => {
    const dir = project();
    const json = await runCli(['coverage', '--format', 'json', '--fail-on', 'unresolved'], { cwd: dir });
    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect(json.stdout).toBe(readFileSync(join(COVERAGE_FIXTURES, 'stale', 'expected.json'), 'utf8'));
    const markdown = await runCli(['coverage', '--format', 'markdown', '--tests', 'test/**', '--project', 'tsconfig.json'], { cwd: dir });
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('| `checkout_completed` | produced | `src/checkout.spec.ts:3:47` trackCheckoutCompleted |\n');
    expect(markdown.stdout).toContain('| `never_sent` | only in tests | `test/smoke.ts:4:9` trackNeverSent (test) |\n');
    expect(markdown.stdout).toContain('### Produced but not in the taxonomy\n\n| event | sites |\n| --- | --- |\n| `legacy_purchase` | `src/app.ts:6:9` trackLegacyPurchase |\n');
  });

  it('exits 1 with one line when the project cannot be analysed, and 2 on a usage error', async () => {
    const dir = project();
    const missing = await runCli(['coverage', '--project', 'nope.json'], { cwd: dir });
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe('flokit-gen coverage: nope.json: no such tsconfig file\n');
    rmSync(join(dir, 'generated'), { recursive: true });
    writeFileSync(join(dir, 'src', 'app.ts'), 'export const nothing = 1;\n');
    const none = await runCli(['coverage'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^flokit-gen coverage: the project \(.*tsconfig\.json\) holds no client or validators generated from taxonomy shop/);
    const usage = await runCli(['coverage', '--fail-on', 'everything'], { cwd: dir });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: option '--fail-on <condition...>' argument 'everything' is invalid. Allowed choices are untracked, deprecated, unresolved, unknown.");
  });
});
