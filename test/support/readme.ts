// The README's fenced blocks, for test/readme.test.ts (the README's structure and its examples, fast
// tier) and test/readme.slow.test.ts (its shell blocks run, slow tier). Every fenced shell block is
// marked with where it runs:
//
// - `<!-- readme-test: clone -->` blocks run in ONE temporary copy of this repository, like a fresh
//   clone;
// - `<!-- readme-test: project -->` blocks run in ONE fresh temporary project, like a user's own.
//
// A bare ``` block right after a shell block is the output the README promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './spawn.js';

export const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'zsh', 'console']);
const MARKER = /^<!--\s*readme-test:\s*(clone|project)\s*-->$/;

/**
 * The two changes made to the blocks when they run, and nothing else is rewritten:
 *
 * - flokit-gen is not published to a registry the test can reach, so the project blocks install
 *   the package packed from this repository instead: `npm install --save-dev flokit-gen` becomes
 *   `npm install --save-dev '<tarball>'`;
 * - the README's test command is left out of the clone blocks: CI runs it (`.ci/run`), and run from
 *   inside the suite it would run the suite again in the copy.
 */
export const PUBLISHED_INSTALL = 'npm install --save-dev flokit-gen';
export const TEST_COMMAND = 'npm test';

export interface Fence {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly language: string;
  readonly text: string;
  /** The first non-empty line before the opening fence, and after the closing one. */
  readonly before: string;
  readonly after: string;
}

/** Every fenced block of a Markdown text, with what surrounds it. */
function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const nonEmpty = (from: number, step: 1 | -1): string => {
    for (let i = from; i >= 0 && i < lines.length; i += step) if ((lines[i] ?? '').trim() !== '') return (lines[i] ?? '').trim();
    return '';
  };
  const found: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i] ?? '');
    if (open === null) continue;
    const marker = open[2] ?? '```';
    let close = i + 1;
    while (close < lines.length && !(lines[close] ?? '').trim().startsWith(marker)) close++;
    found.push({ line: i + 1, language: (open[3] ?? '').toLowerCase(), text: lines.slice(i + 1, close).join('\n'), before: nonEmpty(i - 1, -1), after: nonEmpty(close + 1, 1) });
    i = close;
  }
  return found;
}

export const FENCES = fences(README);

export interface ShellBlock {
  readonly kind: 'clone' | 'project';
  readonly line: number;
  /** As the README shows it. */
  readonly script: string;
  /** The README's output for the block: a bare ``` block right after it. */
  readonly expected?: string;
}

/** The marked shell blocks, and the shell blocks without a marker (which the fast test refuses). */
export function shellBlocks(): { blocks: ShellBlock[]; unmarked: Fence[] } {
  const blocks: ShellBlock[] = [];
  const unmarked: Fence[] = [];
  FENCES.forEach((fence, i) => {
    if (!SHELL_LANGUAGES.has(fence.language)) return;
    const kind = MARKER.exec(fence.before)?.[1];
    if (kind !== 'clone' && kind !== 'project') return void unmarked.push(fence);
    const next = FENCES[i + 1];
    const output = next !== undefined && next.language === '' && /^(`{3,}|~{3,})$/.test(fence.after) ? next.text : undefined;
    blocks.push({ kind, line: fence.line, script: fence.text, ...(output === undefined ? {} : { expected: output }) });
  });
  return { blocks, unmarked };
}

/** A clone block as it runs: without the lines that are exactly the test command. */
export function withoutTestCommand(script: string): string {
  return script
    .split('\n')
    .filter((line) => line.trim() !== TEST_COMMAND)
    .join('\n');
}
