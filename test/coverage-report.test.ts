// The coverage report without the compiler: test globs, statuses, deprecated and unknown events,
// `--fail-on` conditions, and the text and Markdown formats of every part of a report.
import { describe, expect, it } from 'vitest';
import { buildReport, DEFAULT_TEST_GLOBS, failures, formatReport, type Findings } from '../src/index.js';
import { globMatcher } from '../src/coverage/globs.js';
import { loadPlan } from './support/coverage-projects.js';

describe('test globs', () => {
  it.each([
    ['src/a.test.ts', true],
    ['src/deep/a.spec.tsx', true],
    ['packages/x/__tests__/a.ts', true],
    ['test/a.ts', true],
    ['apps/web/tests/e2e/a.ts', true],
    ['src/contest/a.ts', false],
    ['src/testing.ts', false],
    ['src/a.ts', false],
  ])('the defaults: %s → %s', (path, expected) => {
    expect(globMatcher(DEFAULT_TEST_GLOBS)(path)).toBe(expected);
  });

  it.each([
    ['e2e/**', 'e2e/a/b.ts', true],
    ['e2e/**', 'src/e2e/b.ts', false],
    ['src/*.stories.{ts,tsx}', 'src/a.stories.tsx', true],
    ['src/*.stories.{ts,tsx}', 'src/a/b.stories.ts', false],
    ['src/?.ts', 'src/a.ts', true],
    ['./src/a+b.ts', 'src/a+b.ts', true],
    ['src/a,b.ts', 'src/a,b.ts', true],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(globMatcher([glob])(path)).toBe(expected);
  });
});

const plan = loadPlan();
const at = (file: string, line: number): { file: string; line: number; column: number } => ({ file: `/p/${file}`, line, column: 3 });
const findings: Findings = {
  produced: [
    { ...at('src/a.ts', 1), event: 'app_opened', via: ['send', 'client.track'] },
    { ...at('src/a.test.ts', 2), event: 'paywall_viewed', via: ['trackPaywallViewed'] },
    { ...at('src/b.ts', 3), event: 'signup_completed', via: ['trackSignupCompleted'] },
    { ...at('src/b.ts', 4), event: 'zz_gone', via: ['client.track'] },
  ],
  unresolved: [{ ...at('src/c.ts', 5), reason: 'the event name is `string`', via: ['validateEvent'] }],
  files: 3,
  generatedModules: 2,
};
const report = buildReport(plan, findings, { root: '/p', testGlobs: DEFAULT_TEST_GLOBS, projects: ['/p/tsconfig.json'] });

describe('the report', () => {
  it('gives each planned event its status, and names deprecated, unknown and unresolved', () => {
    expect(report.events.map((e) => [e.name, e.status, e.deprecated])).toEqual([
      ['app_opened', 'produced', false],
      ['paywall_viewed', 'tests-only', false],
      ['trial_started', 'never-produced', false],
      ['checkout_completed', 'never-produced', false],
      ['signup_completed', 'produced', true],
      ['account_created', 'never-produced', false],
      ['never_sent', 'never-produced', false],
    ]);
    expect(report.unknown).toEqual([{ name: 'zz_gone', sites: [{ file: 'src/b.ts', line: 4, column: 3, via: ['client.track'], test: false }] }]);
    expect(report.summary).toEqual({ planned: 7, produced: 2, testsOnly: 1, neverProduced: 4, deprecatedProduced: 1, unknown: 1, unresolved: 1 });
    expect(failures(report, ['untracked', 'deprecated', 'unresolved', 'unknown'])).toEqual(['untracked', 'deprecated', 'unresolved', 'unknown']);
  });

  it('meets no condition when everything planned is produced outside tests and nothing else is found', () => {
    const all = buildReport(plan, { produced: plan.events.filter((e) => e.deprecated === undefined).map((e, i) => ({ ...at('src/a.ts', i + 1), event: e.name, via: [e.names.track] })), unresolved: [], files: 1, generatedModules: 2 }, { root: '/p', testGlobs: [], projects: [] });
    expect(failures(all, ['untracked', 'deprecated', 'unresolved', 'unknown'])).toEqual([]);
  });

  it('prints as text', () => {
    expect(formatReport(report, 'text')).toBe(
      [
        'Coverage of shop 1.0.0 in 3 files (tsconfig.json): 7 planned events: 2 produced, 1 only in tests, 4 never produced; 1 deprecated event still produced; 1 unknown event name; 1 unresolved site.',
        '',
        'app_opened: produced, 1 site',
        '  src/a.ts:1:3  send → client.track',
        'paywall_viewed: only in tests, 1 site',
        '  src/a.test.ts:2:3  trackPaywallViewed (test)',
        'trial_started: never produced',
        'checkout_completed: never produced',
        'signup_completed: deprecated, still produced, 1 site',
        '  src/b.ts:3:3  trackSignupCompleted',
        'account_created: never produced',
        'never_sent: never produced',
        '',
        'Produced but not in the taxonomy:',
        'zz_gone: 1 site',
        '  src/b.ts:4:3  client.track',
        '',
        'Unresolved (the checker cannot pin these to events):',
        '  src/c.ts:5:3  validateEvent: the event name is `string`',
        '',
      ].join('\n'),
    );
  });

  it('prints as Markdown, table cells escaped', () => {
    const text = formatReport({ ...report, unresolved: [{ ...(report.unresolved[0] as (typeof report.unresolved)[number]), reason: 'a | b `c`' }] }, 'markdown');
    expect(text).toContain('| `signup_completed` | deprecated, still produced | `src/b.ts:3:3` trackSignupCompleted |\n');
    expect(text).toContain('| `never_sent` | never produced |  |\n');
    expect(text).toContain('### Unresolved\n\n| site | via | reason |\n| --- | --- | --- |\n| `src/c.ts:5:3` | validateEvent | a \\| b `c` |\n');
  });
});
