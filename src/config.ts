// The project's flokit-gen settings: `flokit.config.json`, `flokit.config.yaml` (or `.yml`), or a
// `"flokit"` key in package.json, looked up in the working directory. Paths in a config file are
// relative to that file. Command-line flags win over the file, the file over the defaults
// (`taxonomy/` → `generated/`). In: a directory. Out: settings, or located problems.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { closestMatch, diagnostic, withSource, type Diagnostic } from './diagnostics.js';
import { jsonErrorOffset } from './load/json-error.js';
import type { OutputTarget } from './output-language.js';

export interface ProjectConfig {
  /** Taxonomy file or directory. */
  readonly taxonomy: string;
  /** Output directory. */
  readonly out: string;
  /**
   * Where `flokit-gen docs` writes the plan, and what `generate` refreshes and `check` compares too:
   * a directory (HTML and plan.json), or a `.md` file (Markdown). Unset: no docs are checked.
   */
  readonly docs?: string;
  /** The output's language: `ts`, or `js` (with .d.ts files); absent, it follows the project (see output-language.ts). */
  readonly target?: OutputTarget;
}

export const DEFAULT_CONFIG: ProjectConfig = { taxonomy: 'taxonomy', out: 'generated' };
export const CONFIG_FILES = ['flokit.config.json', 'flokit.config.yaml', 'flokit.config.yml'] as const;
const KEYS = ['taxonomy', 'out', 'target', 'docs'];
const TARGETS: readonly OutputTarget[] = ['ts', 'js'];

export interface ConfigResult {
  /** Absolute paths: what the file says, resolved against its directory, over the defaults. */
  readonly config: ProjectConfig;
  /** The file the settings came from, if any (package.json when its `flokit` key was used). */
  readonly file?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Finds and reads the config of the project in `cwd`; absent files give the defaults. */
export function loadConfig(cwd: string): ConfigResult {
  const defaults = { taxonomy: resolve(cwd, DEFAULT_CONFIG.taxonomy), out: resolve(cwd, DEFAULT_CONFIG.out) };
  const found = CONFIG_FILES.map((name) => join(cwd, name)).filter((file) => existsSync(file));
  if (found.length > 1) {
    const at = { file: found[1] as string, line: 1, column: 1 };
    return { config: defaults, diagnostics: [diagnostic('invalid-config', at, `two config files: ${found.map((f) => basename(f)).join(' and ')}`, 'keep one of them')] };
  }
  const file = found[0];
  if (file !== undefined) return read(file, defaults, undefined);
  const pkg = join(cwd, 'package.json');
  return existsSync(pkg) ? read(pkg, defaults, 'flokit') : { config: defaults, diagnostics: [] };
}

function read(file: string, defaults: ProjectConfig, key: string | undefined): ConfigResult {
  const { LineCounter, parseDocument, isMap, isScalar } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const lines = new LineCounter();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { config: defaults, diagnostics: [diagnostic('invalid-config', { file, line: 1, column: 1 }, `cannot read the config file: ${(error as Error).message}`)] };
  }
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (error) {
      // V8 names the token but not always its position (the message may echo the text after `, "`,
      // or end in `at position N`): the position is found by walking the grammar, the reason kept.
      const reason = ((error as Error).message.split(/, "|\n/)[0] ?? '').replace(/ in JSON at position \d+.*$/, '');
      const offset = Math.min(jsonErrorOffset(text), text.trimEnd().length);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - (before.lastIndexOf('\n') + 1) + 1;
      const found = diagnostic('invalid-config', { file, line, column }, `the config file is not valid JSON: ${reason}`, jsonHint(text, offset));
      return { config: defaults, diagnostics: [withSource(found, text)] };
    }
  }
  // JSON is YAML, so one parser gives positions for both.
  const doc = parseDocument(text, { lineCounter: lines, version: '1.2', uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined): { file: string; line: number; column: number } => {
    const pos = lines.linePos(offset ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    return { config: defaults, diagnostics: [diagnostic('invalid-config', at(error?.pos[0]), `the config file is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${error?.message.split('\n')[0] ?? ''}`)] };
  }
  let node = doc.contents;
  if (key !== undefined) {
    if (!isMap(node)) return { config: defaults, diagnostics: [] };
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair === undefined) return { config: defaults, diagnostics: [] };
    node = pair.value as typeof node;
  }
  const where = key === undefined ? 'the config file' : `"${key}" in package.json`;
  if (!isMap(node)) return { config: defaults, file, diagnostics: [diagnostic('invalid-config', at(node?.range?.[0]), `${where} must be an object with \`taxonomy\` and/or \`out\``)] };
  const diagnostics: Diagnostic[] = [];
  const values: Record<string, string> = {};
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    const keyAt = at(keyOffset);
    if (!KEYS.includes(name)) {
      const near = closestMatch(name, KEYS);
      diagnostics.push(diagnostic('invalid-config', keyAt, `unknown setting \`${name}\` in ${where} (known: ${KEYS.join(', ')})`, near === undefined ? undefined : `did you mean \`${near}\`?`));
      continue;
    }
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    if (name === 'target') {
      if (TARGETS.includes(value as OutputTarget)) values[name] = value as OutputTarget;
      else {
        const near = typeof value === 'string' ? closestMatch(value, TARGETS) : undefined;
        const valueOffset = (pair.value as { range?: readonly number[] } | null)?.range?.[0];
        diagnostics.push(diagnostic('invalid-config', at(valueOffset ?? keyOffset), '`target` must be "ts" (TypeScript) or "js" (JavaScript with .d.ts files)', near === undefined ? undefined : `did you mean "${near}"?`));
      }
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      const valueOffset = (pair.value as { range?: readonly number[] } | null)?.range?.[0];
      diagnostics.push(diagnostic('invalid-config', at(valueOffset ?? keyOffset), `\`${name}\` must be a non-empty path`));
      continue;
    }
    values[name] = value;
  }
  const base = resolve(file, '..');
  const target = values['target'] as OutputTarget | undefined;
  const config = {
    taxonomy: values['taxonomy'] === undefined ? defaults.taxonomy : resolve(base, values['taxonomy']),
    out: values['out'] === undefined ? defaults.out : resolve(base, values['out']),
    ...(values['docs'] === undefined ? {} : { docs: resolve(base, values['docs']) }),
    ...(target === undefined ? {} : { target }),
  };
  return { config, file, diagnostics };
}

/** The usual ways a hand-edited JSON file goes wrong, said as the fix, from what is at the offset and before it. */
function jsonHint(text: string, offset: number): string | undefined {
  const char = text[offset];
  const previous = text.slice(0, offset).trimEnd().at(-1);
  if (offset >= text.trimEnd().length) return 'the text ends early: a closing `}` or `]` is missing';
  if ((char === '}' || char === ']') && previous === ',') return 'JSON allows no comma after the last entry';
  if (previous === ':') return 'a value is missing after the `:`';
  if ((previous === '{' || previous === ',') && char !== '"') return 'JSON keys are in double quotes';
  return undefined;
}
