// `flokit-gen diff` as users run it: the built CLI in a real git repository with history (a first
// commit without a taxonomy, one where the config put it in events/, one where it moved to
// taxonomy/, a broken one on a branch), a shallow clone of it, the three formats (the JSON report
// checked against schema/diff-report.schema.json), colour, and every exit code.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import type { DiffReport } from '../src/diff/index.js';
import { runCli } from './support/spawn.js';

const ROOT = mkdtempSync(join(tmpdir(), 'flokit-diff-cli-'));
const REPO = join(ROOT, 'repo');
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', '-c', 'protocol.file.allow=always', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

const V1 = `taxonomy: shop
version: 1.0.0
events:
  checkout_started:
    properties:
      cart_id: { type: string, required: true }
      coupon: string
      platform: { type: string, enum: [ios, android] }
`;
// v1.1.0: the taxonomy moved to taxonomy/ (and the config went away); an optional property added.
const V2 = V1.replace('1.0.0', '1.1.0').replace('      coupon: string\n', '      coupon: string\n      item_count: integer\n');
// the working tree: a new enum value (consumers), coupon removed without deprecation (both).
const WORKING = V2.replace('[ios, android]', '[ios, android, web]').replace('      coupon: string\n', '');

beforeAll(() => {
  mkdirSync(REPO);
  git(REPO, 'init', '-q');
  write(join(REPO, 'README.md'), 'no taxonomy yet\n');
  git(REPO, 'add', '-A');
  git(REPO, 'commit', '-qm', 'start');
  git(REPO, 'tag', 'empty');
  write(join(REPO, 'flokit.config.json'), '{ "taxonomy": "events" }\n');
  write(join(REPO, 'events', 'shop.yaml'), V1);
  git(REPO, 'add', '-A');
  git(REPO, 'commit', '-qm', 'v1 in events/');
  git(REPO, 'tag', 'v1');
  git(REPO, 'rm', '-q', 'flokit.config.json', 'events/shop.yaml');
  write(join(REPO, 'taxonomy', 'shop.yaml'), V2);
  git(REPO, 'add', '-A');
  git(REPO, 'commit', '-qm', 'v1.1 in taxonomy/');
  git(REPO, 'checkout', '-qb', 'broken');
  write(join(REPO, 'taxonomy', 'shop.yaml'), V2.replace('type: string, required: true', 'type: strng, required: true'));
  git(REPO, 'commit', '-qam', 'broken');
  git(REPO, 'checkout', '-q', 'main');
  write(join(REPO, 'taxonomy', 'shop.yaml'), WORKING);
});

/** The built CLI as a process: for what only a process shows (streams, exit code, colour off). */
const spawned = (args: string[], cwd = REPO): ReturnType<typeof runCli> => runCli(['diff', ...args], { cwd });

/** The same CLI in this process (the machine's two cores are shared): real git, real files. */
async function diff(args: string[], cwd = REPO): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => void out.push(`${l}\n`), write: (t: string) => void out.push(t), err: (l: string) => void err.push(`${l}\n`), color: false };
  const code = await main(['node', 'flokit-gen', 'diff', '-C', cwd, ...args], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('flokit-gen diff in a git repository', () => {
  it('compares HEAD with the working tree by default, as text', async () => {
    const result = await spawned([]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'shop 1.1.0 (HEAD) → shop 1.1.0 (working tree)',
        '',
        'event checkout_started',
        '  major  consumers             `platform` allows "web" now',
        '  major  producers, consumers  property `coupon` removed (it was not deprecated first)',
        '',
        '2 changes: 1 break producers, 2 affect consumers, 0 cosmetic.',
        'version: the changes need a major version; head declares 1.1.0 over 1.1.0 (none): too low.',
        '',
      ].join('\n'),
    );
  });

  it('reads a ref through the config as it was at that ref (the taxonomy lived in events/ then)', async () => {
    const result = await diff(['v1', 'HEAD', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DiffReport;
    expect(report.base).toEqual({ label: 'v1', taxonomy: 'shop', version: '1.0.0', events: 1 });
    expect(report.head.label).toBe('HEAD');
    expect(report.changes.map((c) => [c.kind, c.event, c.path, c.bump])).toEqual([['property-added-optional', 'checkout_started', 'item_count', 'minor']]);
    expect(report.version).toEqual({ required: 'minor', declared: 'minor', needed: 'minor', ok: true });
  });

  it('accepts HEAD~1-style refs and paths, and says so when nothing changed', async () => {
    const same = await diff(['HEAD~1', 'v1']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('no changes: both sides accept and describe the same events.');
    const paths = await diff(['taxonomy/shop.yaml', 'taxonomy']);
    expect(paths.stdout).toContain('shop 1.1.0 (taxonomy/shop.yaml) → shop 1.1.0 (taxonomy)');
  });

  it('--check-version and --fail-on exit 1 and say why on stderr', async () => {
    const version = await diff(['--check-version']);
    expect(version.code).toBe(1);
    expect(version.stderr).toBe('diff: --check-version: the changes need a major version over 1.1.0; head declares 1.1.0 (none).\n');
    const producer = await diff(['--fail-on', 'producer', '-q']);
    expect(producer).toMatchObject({ code: 1, stdout: '', stderr: 'diff: --fail-on producer: 1 change break producers.\n' });
    expect((await diff(['v1', 'HEAD', '--fail-on', 'producer'])).code).toBe(0);
    expect((await diff(['v1', 'HEAD', '--fail-on', 'consumer'])).code).toBe(1);
    expect((await diff(['HEAD~1', 'v1', '--fail-on', 'any', '--check-version'])).code).toBe(0);
  });

  it('exits 2 for a ref at which the taxonomy did not exist, an unknown ref and a bad option', async () => {
    const empty = await diff(['empty', 'HEAD']);
    expect(empty).toMatchObject({ code: 2, stdout: '' });
    expect(empty.stderr).toBe('error: base: no taxonomy at `empty`: `taxonomy` does not exist in that commit\n  hint: name the taxonomy as it was then with a path side, pick a later ref, or pass --allow-missing-base when it is new\n');
    const unknown = await diff(['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error: base: `nope` is neither a file or directory nor a git ref in this repository');
    expect((await diff(['--format', 'yaml'])).code).toBe(2);
    expect((await diff(['--fail-on', 'everyone'])).code).toBe(2);
  });

  it('--allow-missing-base: against a ref without the taxonomy, every event is added and any declared version will do', async () => {
    const added = await diff(['empty', 'HEAD', '--allow-missing-base', '--check-version', '--fail-on', 'producer', '--format', 'json']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(added.stdout) as DiffReport;
    expect(report.base).toEqual({ label: 'empty (no taxonomy)', taxonomy: 'shop', version: '0.0.0', events: 0 });
    expect(report.head.events).toBeGreaterThan(0);
    expect(report.changes).toHaveLength(report.head.events);
    expect(report.changes.every((c) => c.kind === 'event-added')).toBe(true);
    expect(report.version.ok).toBe(true);
    const text = await diff(['empty', '--allow-missing-base']);
    expect(text.stdout).toContain('(empty (no taxonomy)) →');
    // Only a missing taxonomy: an unknown ref is still an error.
    expect((await diff(['nope', '--allow-missing-base'])).code).toBe(2);
  });

  it('prints the located diagnostics of a side that does not load, as ref:path:line:col, and exits 2', async () => {
    const result = await spawned(['broken']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'broken:taxonomy/shop.yaml:6:24 error unknown-type: unknown type `strng`: not a built-in type and not defined under `types:`\n  hint: did you mean `string`?\n\n1 problem in the base taxonomy (broken); nothing was compared.\n',
    );
  });

  it('--format markdown groups by impact with one table per event', async () => {
    const result = await diff(['--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '## Taxonomy changes: `HEAD` → `working tree`',
        '',
        '**shop 1.1.0 → shop 1.1.0** · 2 changes · 1 break producers · 2 affect consumers · 0 cosmetic',
        '',
        '❌ version: the changes need a major version; head declares 1.1.0 over 1.1.0 (none): too low.',
        '',
        '### Breaks producers (1)',
        '',
        '#### `checkout_started`',
        '',
        '| change | where | what | bump |',
        '| --- | --- | --- | --- |',
        '| property-removed | `coupon` | property `coupon` removed (it was not deprecated first) | major |',
        '',
        '### Affects consumers (1)',
        '',
        '#### `checkout_started`',
        '',
        '| change | where | what | bump |',
        '| --- | --- | --- | --- |',
        '| enum-value-added | `platform` | `platform` allows "web" now | major |',
        '',
      ].join('\n'),
    );
  });

  it('--format json matches schema/diff-report.schema.json', async () => {
    const schema = JSON.parse(readFileSync('schema/diff-report.schema.json', 'utf8')) as object;
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    for (const args of [[], ['v1', 'HEAD'], ['HEAD', 'HEAD']]) {
      const report: unknown = JSON.parse((await diff([...args, '--format', 'json'])).stdout);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    }
    // The schema can fail: a report with an unknown kind is refused.
    const report = JSON.parse((await diff(['--format', 'json'])).stdout) as { changes: { kind: string }[] };
    (report.changes[0] as { kind: string }).kind = 'something-else';
    expect(validate(report)).toBe(false);
  });

  it('colours text on a terminal, and not otherwise', async () => {
    const lines: string[] = [];
    const io = (color: boolean): Parameters<typeof main>[1] => ({ out: (l) => void lines.push(l), write: (t) => void lines.push(t), err: (l) => void lines.push(l), color });
    expect(await main(['node', 'flokit-gen', 'diff', '-C', REPO], io(true))).toBe(0);
    expect(lines.join('\n')).toContain('\u001b[31mmajor\u001b[39m');
    lines.length = 0;
    expect(await main(['node', 'flokit-gen', 'diff', '-C', REPO], io(false))).toBe(0);
    expect(lines.join('\n')).not.toContain('\u001b[');
  });
});

describe('flokit-gen diff in a project inside a repository', () => {
  it('finds the config and the taxonomy relative to the project directory, at the ref and in the working tree', async () => {
    const mono = join(ROOT, 'mono');
    const app = join(mono, 'packages', 'app');
    mkdirSync(app, { recursive: true });
    git(mono, 'init', '-q');
    write(join(app, 'package.json'), '{ "name": "app", "flokit": { "taxonomy": "analytics" } }\n');
    write(join(app, 'analytics', 'a.yaml'), V1);
    write(join(app, 'analytics', 'b.yml'), 'events:\n  order_completed: {}\n');
    write(join(app, 'analytics', 'notes.txt'), 'not a taxonomy file\n');
    git(mono, 'add', '-A');
    git(mono, 'commit', '-qm', 'app');
    write(join(app, 'analytics', 'b.yml'), 'events:\n  order_completed: { deprecated: use checkout_started }\n');
    const result = await diff(['--format', 'json'], app);
    expect(result.stderr).toBe('');
    expect((JSON.parse(result.stdout) as DiffReport).changes.map((c) => [c.kind, c.event])).toEqual([['event-deprecated', 'order_completed']]);
  });
});

describe('flokit-gen diff with a config that cannot be used at the ref', () => {
  it('prints the config problem located at ref:file, or says the taxonomy is outside the repository; exit 2', async () => {
    const repo = join(ROOT, 'configs');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    write(join(repo, 'flokit.config.json'), '{ "taxonomy": "events", "output": "gen" }\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'a misspelt setting');
    write(join(repo, 'flokit.config.json'), '{ "taxonomy": "../elsewhere" }\n');
    git(repo, 'commit', '-qam', 'outside');
    const misspelt = await diff(['HEAD~1', 'HEAD'], repo);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toBe('HEAD~1:flokit.config.json:1:25 error invalid-config: unknown setting `output` in the config file (known: taxonomy, out, target, docs)\n\n1 problem in the base taxonomy (HEAD~1); nothing was compared.\nerror: head: the config at `HEAD` names a taxonomy outside the repository (../elsewhere), which git cannot show\n');
    const outside = await diff(['HEAD', 'flokit.config.json'], repo);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('error: base: the config at `HEAD` names a taxonomy outside the repository (../elsewhere), which git cannot show\n');
  });
});

describe('flokit-gen diff through a symbolic link, at a ref whose taxonomy directory holds no taxonomy file', () => {
  it('gives the loader\'s no-taxonomy-files, named ref:path', async () => {
    const repo = join(ROOT, 'linked-real');
    mkdirSync(join(repo, 'taxonomy'), { recursive: true });
    git(repo, 'init', '-q');
    write(join(repo, 'taxonomy', 'README.txt'), 'soon\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'placeholder');
    symlinkSync(repo, join(ROOT, 'linked'));
    const result = await diff(['HEAD', 'HEAD'], join(ROOT, 'linked'));
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('HEAD:taxonomy:1:1 error no-taxonomy-files: `HEAD:taxonomy` holds no .yaml or .yml file');
  });
});

describe('flokit-gen diff in a shallow clone', () => {
  it('names the missing ref and the fetch that brings it; after that fetch it works', async () => {
    const clone = join(ROOT, 'shallow');
    git(REPO, 'branch', 'release', 'v1');
    git(ROOT, 'clone', '-q', '--depth=1', '--branch', 'main', `file://${REPO}`, clone);
    const back = await spawned(['HEAD~1'], clone);
    expect(back.code).toBe(2);
    expect(back.stderr).toBe('error: base: `HEAD~1` is neither a file or directory nor a git ref in this shallow clone\n  hint: fetch more history: git fetch --deepen=1 (or git fetch --unshallow)\n');
    const remote = await diff(['origin/release'], clone);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toBe('error: base: `origin/release` is neither a file or directory nor a git ref in this shallow clone\n  hint: fetch it: git fetch --depth=1 origin release:refs/remotes/origin/release\n');
    git(clone, 'fetch', '-q', '--depth=1', 'origin', 'release:refs/remotes/origin/release');
    const fetched = await diff(['origin/release', 'HEAD', '--format', 'json'], clone);
    expect(fetched.code).toBe(0);
    expect((JSON.parse(fetched.stdout) as DiffReport).changes.map((c) => c.kind)).toEqual(['property-added-optional']);
  });
});
