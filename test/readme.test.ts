// The README cannot rot. Fast tier: every fenced shell block says where it runs (the slow tier,
// test/readme.slow.test.ts, runs them all but the test command), and the examples shown with their
// output (a broken taxonomy, the taxonomy example, the scripts init writes) are checked against the
// built CLI. The blocks are read by test/support/readme.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FENCES, PUBLISHED_INSTALL, README, shellBlocks, TEST_COMMAND, withoutTestCommand, type Fence } from './support/readme.js';
import { runCli } from './support/spawn.js';

/** The fenced block of `language` that follows the heading `heading`, and the block after it. */
function exampleAfter(heading: string, language: string): { example: string; next: Fence | undefined } {
  const at = README.split('\n').findIndex((l) => l.trim() === heading);
  expect(at, `README heading ${heading}`).toBeGreaterThanOrEqual(0);
  const index = FENCES.findIndex((f) => f.line > at + 1 && f.language === language);
  expect(index, `a ${language} block after ${heading}`).toBeGreaterThanOrEqual(0);
  return { example: FENCES[index]?.text ?? '', next: FENCES[index + 1] };
}

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('the README', () => {
  it('marks every shell block with where it runs, so no block goes untested', () => {
    const { blocks, unmarked } = shellBlocks();
    expect(
      unmarked.map((f) => `README.md:${f.line}: a \`\`\`${f.language} block needs <!-- readme-test: clone --> or <!-- readme-test: project --> on the line before it`),
    ).toEqual([]);
    expect(blocks.filter((b) => b.kind === 'clone').length).toBeGreaterThan(0);
    expect(blocks.filter((b) => b.kind === 'project').length).toBeGreaterThan(0);
    // The two changes the run makes (test/support/readme.ts) must find their text: the install of
    // the published package in a project block, and the test command, on a line of its own (the
    // line left out), in exactly one clone block.
    expect(blocks.filter((b) => b.kind === 'project').some((b) => b.script.includes(PUBLISHED_INSTALL))).toBe(true);
    expect(blocks.filter((b) => b.kind === 'clone' && withoutTestCommand(b.script) !== b.script).length, `one clone block with a line \`${TEST_COMMAND}\``).toBe(1);
  });

  it('shows exactly what generate prints for its broken-taxonomy example', async () => {
    const { example, next } = exampleAfter('### Problems in the taxonomy', 'yaml');
    expect(next?.language).toBe('');
    const dir = tempDir('flokit-readme-example-');
    mkdirSync(join(dir, 'taxonomy'));
    writeFileSync(join(dir, 'taxonomy', 'flokit.yaml'), `${example}\n`);
    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd()).toBe((next?.text ?? '').trimEnd());
    expect(existsSync(join(dir, 'generated'))).toBe(false);
  });

  it('has a taxonomy example that generates cleanly', async () => {
    const { example } = exampleAfter('## Writing a taxonomy', 'yaml');
    const dir = tempDir('flokit-readme-example-');
    writeFileSync(join(dir, 'events.yaml'), `${example}\n`);
    const result = await runCli(['generate', '-t', 'events.yaml'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^my_app 1\.0\.0: 1 event, 1 shared type → generated\//);
  });

  it('shows the scripts init adds to the package.json of a project with a build script', async () => {
    const { example } = exampleAfter('## Using flokit-gen in your own project', 'json');
    const dir = tempDir('flokit-readme-example-');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', scripts: { build: 'tsc' } }));
    expect((await runCli(['init', '-q'], { cwd: dir })).code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: unknown };
    expect(written.scripts).toEqual((JSON.parse(example) as { scripts: unknown }).scripts);
  });
});
