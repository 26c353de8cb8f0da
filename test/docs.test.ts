// `flokit-gen docs` and the plan it shows: the same bytes every run; hostile taxonomy text stays
// text in HTML (embedded JSON cannot close its script) and in Markdown (no markup, no broken
// table); and, through the real CLI, `docs` in both formats, and a configured `docs` location that
// `generate` writes and `check` compares (missing and changed files fail it).
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docsOf, docsTargets } from '../src/cli/docs.js';
import { emitDocs, loadTaxonomy, type Taxonomy } from '../src/index.js';
import { HOSTILE_EVENT, HOSTILE_TAXONOMY } from './support/hostile-plan.js';
import { ROOT, runCli } from './support/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'flokit-docs-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hostile(): Taxonomy {
  writeFileSync(join(dir, 'hostile.yaml'), HOSTILE_TAXONOMY);
  const { taxonomy, diagnostics } = loadTaxonomy(join(dir, 'hostile.yaml'));
  expect(diagnostics).toEqual([]);
  return taxonomy as Taxonomy;
}

describe('the docs files', () => {
  it('are byte-identical on every run', () => {
    const bundled = loadTaxonomy(join(ROOT, 'taxonomy')).taxonomy as Taxonomy;
    for (const format of ['html', 'markdown'] as const) expect(emitDocs(bundled, format)).toEqual(emitDocs(loadTaxonomy(join(ROOT, 'taxonomy')).taxonomy as Taxonomy, format));
  });

  it('HTML: the plan is embedded as JSON no text can break out of, and plan.json holds the same plan', () => {
    const [page, json] = emitDocs(hostile(), 'html');
    const html = page?.contents ?? '';
    // The only markup is ours: one data script, one page script, nothing from the taxonomy.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('</script><script>window');
    const embedded = /<script type="application\/json" id="plan-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.parse(embedded)).toEqual(JSON.parse(json?.contents ?? ''));
    expect(JSON.parse(json?.contents ?? '').events[0]).toMatchObject({ name: HOSTILE_EVENT, identity: 'user_id', properties: [{ name: 'a|b', type: 'string', required: true }, { name: '</script>', type: 'tier', ref: 'tier' }] });
  });

  it('Markdown: hostile text is escaped, tables keep their columns, shared types are linked', () => {
    const [md] = emitDocs(hostile(), 'markdown');
    const text = md?.contents ?? '';
    expect(text).not.toMatch(/<(img|script|b)\b/);
    expect(text).toContain('&lt;img src=x onerror="window.\\_\\_pwned=1"&gt; \\| a pipe \\| \\*stars\\* \\[link\\](javascript:alert(1))');
    expect(text).toContain('### Signup &lt;b&gt;Completed&lt;/b&gt;');
    expect(text).toContain('| a\\|b | string | yes | no |  |  |  |  | - looks like a list item \\| and a pipe |');
    expect(text).toContain('| &lt;/script&gt; | [tier](#type-0) | no | no |');
    expect(text).toContain('**Deprecated**: Send &lt;img src=x onerror="window.\\_\\_pwned=1"&gt; instead.');
    expect(text).toContain('Identity: user\\_id (required) · Idempotency-Key from: user\\_id, properties.paywall\\_id · Tags: &lt;i&gt;tag&lt;/i&gt;');
    expect(text).toContain('| email\\_hash | string | no | no |  |  | "&lt;b&gt;x&lt;/b&gt;" | PII | (deprecated) |');
    for (const row of text.split('\n').filter((l) => l.startsWith('| '))) expect(row.split(/(?<!\\)\|/).length).toBe(11);
  });
});

describe('a configured docs location', () => {
  // The manifest proves docs fresh from these paths, before anything is loaded: they must be the
  // files generate writes there.
  it.each(['/p/docs/plan.md', '/p/docs/plan'])('%s: the files the manifest checks are the files written', (location) => {
    const bundled = loadTaxonomy(join(ROOT, 'taxonomy')).taxonomy as Taxonomy;
    expect(docsTargets(location)).toEqual(docsOf(bundled, location).map((f) => f.file));
  });
});

describe('the CLI', () => {
  it('docs writes HTML and plan.json by default, Markdown with --format markdown; unchanged files are not rewritten', async () => {
    const project = join(dir, 'cli');
    cpSync(join(ROOT, 'taxonomy'), join(project, 'taxonomy'), { recursive: true });
    const html = await runCli(['docs'], { cwd: project });
    expect(html).toMatchObject({ code: 0, stdout: 'flokit 1.0.0: the plan → docs/plan/index.html, docs/plan/plan.json (2 written, 0 unchanged).\n' });
    const md = await runCli(['docs', '--format', 'markdown', '--out', 'wiki/plan.md'], { cwd: project });
    expect(md.stdout).toBe('flokit 1.0.0: the plan → wiki/plan.md (1 written, 0 unchanged).\n');
    expect(readFileSync(join(project, 'wiki/plan.md'), 'utf8')).toBe(emitDocs(loadTaxonomy(join(ROOT, 'taxonomy')).taxonomy as Taxonomy, 'markdown')[0]?.contents);
  });

  it('with "docs" configured, generate writes the docs and check fails on missing (or changed) docs', async () => {
    const project = join(dir, 'configured');
    cpSync(join(ROOT, 'taxonomy'), join(project, 'taxonomy'), { recursive: true });
    writeFileSync(join(project, 'flokit.config.json'), JSON.stringify({ taxonomy: 'taxonomy', out: 'generated', docs: 'docs/plan.md' }));
    expect((await runCli(['generate', '-q'], { cwd: project })).code).toBe(0);
    expect(readFileSync(join(project, 'docs/plan.md'), 'utf8')).toContain('### paywall\\_viewed');
    // The manifest lists the docs: an unchanged project is proven fresh, docs included, from hashes alone.
    expect(JSON.parse(readFileSync(join(project, 'generated/flokit-gen.manifest.json'), 'utf8')).docs).toEqual({ '../docs/plan.md': expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await runCli(['check'], { cwd: project })).toMatchObject({ code: 0, stdout: 'generated/ and docs/plan.md are up to date with taxonomy.\n', stderr: '' });
    expect(await runCli(['generate'], { cwd: project })).toMatchObject({ code: 0, stdout: expect.stringMatching(/^generated\/ and docs\/plan\.md are up to date with taxonomy: nothing to write \(\d+ ms\)\.\n$/) });
    unlinkSync(join(project, 'docs/plan.md'));
    const missing = await runCli(['check', '-q'], { cwd: project });
    expect(missing).toMatchObject({ code: 1, stderr: 'missing: docs/plan.md\n\nthe docs in docs/plan.md are stale: run `npx flokit-gen docs` (or `generate`).\n' });

    // A docs file deleted or edited by hand is no longer proven fresh: generate writes it again, and only it.
    expect(await runCli(['generate'], { cwd: project })).toMatchObject({ code: 0, stdout: expect.stringMatching(/→ generated\/: 0 written, \d+ unchanged, 0 removed \(\d+ ms\)\.\nflokit 1\.0\.0: the plan → docs\/plan\.md \(1 written, 0 unchanged\)\.\n$/) });
    writeFileSync(join(project, 'docs/plan.md'), 'edited by hand\n');
    expect(await runCli(['check', '-q'], { cwd: project })).toMatchObject({ code: 1, stderr: 'changed: docs/plan.md\n\nthe docs in docs/plan.md are stale: run `npx flokit-gen docs` (or `generate`).\n' });
    expect((await runCli(['generate', '-q'], { cwd: project })).code).toBe(0);

    // An edit makes both stale: check names the output's files and the docs in one run.
    const file = join(project, 'taxonomy', 'flokit.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: 1.0.0', 'version: 1.0.1'));
    const stale = await runCli(['check', '-q'], { cwd: project });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('generated/ is stale');
    expect(stale.stderr).toContain('changed: docs/plan.md');
  });
});
