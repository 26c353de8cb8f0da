// Random call chains for the coverage property test: a generated entry point (a per-event helper, a
// client method, client.track, client.sendBatch or validateEvent) wrapped in layers (function,
// generic function, arrow, alias, bind, re-export), each layer in its own module, called once from
// main.ts with one event. The project is type-correct; what it plants is known exactly.
// In: a random chain list. Out: the project's files and the (line, event) sites it plants.
import fc from 'fast-check';
import type { Taxonomy } from '../../src/index.js';

export const TERMINALS = ['helper', 'build', 'method', 'track', 'sendBatch', 'validateEvent'] as const;
export const LAYERS = ['function', 'generic', 'arrow', 'alias', 'bind', 'reexport'] as const;

export interface Chain {
  /** Index into the taxonomy's events. */
  readonly event: number;
  readonly terminal: (typeof TERMINALS)[number];
  /** Innermost first. */
  readonly layers: readonly (typeof LAYERS)[number][];
}

export function chains(events: number): fc.Arbitrary<Chain[]> {
  const chain = fc.record({
    event: fc.nat({ max: events - 1 }),
    terminal: fc.constantFrom(...TERMINALS),
    layers: fc.array(fc.constantFrom(...LAYERS), { maxLength: 4 }),
  });
  return fc.array(chain, { minLength: 1, maxLength: 6 });
}

export interface ChainProject {
  /** Path (relative to the project) → contents. */
  readonly files: ReadonlyMap<string, string>;
  /** `src/main.ts:<line>:<event>` for every call main.ts makes. */
  readonly planted: ReadonlySet<string>;
}

interface Callable {
  /** How a module refers to it, and the import that brings it in. */
  readonly expression: string;
  readonly imports: string;
  /** Set when it is a name exported by one of our modules (a re-export needs one). */
  readonly module?: string;
}

function terminal(chain: Chain, taxonomy: Taxonomy): Callable {
  const names = taxonomy.events[chain.event]?.names;
  if (names === undefined) throw new Error('no such event');
  const generated = (name: string): Callable => ({ expression: name, imports: `import { ${name} } from '../generated/index.js';\n` });
  const client = (member: string): Callable => ({ expression: `client.${member}`, imports: "import { client } from './client.js';\n" });
  switch (chain.terminal) {
    case 'helper':
      return generated(names.track);
    case 'build':
      return generated(names.build);
    case 'method':
      return client(names.track);
    case 'track':
      return client('track');
    case 'sendBatch':
      return client('sendBatch');
    case 'validateEvent':
      return generated('validateEvent');
  }
}

/** The argument main.ts passes for this chain's event. */
function argument(chain: Chain, taxonomy: Taxonomy): string {
  const name = taxonomy.events[chain.event]?.name ?? '';
  const key = JSON.stringify(name);
  if (chain.terminal === 'helper' || chain.terminal === 'build' || chain.terminal === 'method') return `inputs[${key}]`;
  return chain.terminal === 'sendBatch' ? `[samples[${key}]]` : `samples[${key}]`;
}

function layer(kind: (typeof LAYERS)[number], inner: Callable, name: string): string {
  const type = `Parameters<typeof ${inner.expression}>[0]`;
  switch (kind) {
    case 'function':
      return `${inner.imports}export function ${name}(e: ${type}) {\n  return ${inner.expression}(e);\n}\n`;
    case 'generic':
      return `${inner.imports}export function ${name}<T extends ${type}>(e: T) {\n  return ${inner.expression}(e);\n}\n`;
    case 'arrow':
      return `${inner.imports}export const ${name} = (e: ${type}) => ${inner.expression}(e);\n`;
    case 'alias':
      return `${inner.imports}export const ${name} = ${inner.expression};\n`;
    case 'bind':
      return `${inner.imports}export const ${name} = ${inner.expression}.bind(null);\n`;
    case 'reexport':
      // Only a name one of our modules exports can be re-exported; otherwise an alias stands in.
      return inner.module === undefined ? layer('alias', inner, name) : `export { ${inner.expression} as ${name} } from './${inner.module}.js';\n`;
  }
}

export function chainProject(list: readonly Chain[], taxonomy: Taxonomy): ChainProject {
  const files = new Map<string, string>();
  const samples = taxonomy.events.map((e) => `  ${JSON.stringify(e.name)}: ${e.names.eventType};`).join('\n');
  const inputs = taxonomy.events.map((e) => `  ${JSON.stringify(e.name)}: Parameters<typeof ${e.names.track}>[0];`).join('\n');
  const types = taxonomy.events.map((e) => `type ${e.names.eventType}`).join(', ');
  const helpers = taxonomy.events.map((e) => e.names.track).join(', ');
  files.set('src/client.ts', "import { createFloKitClient } from '../generated/index.js';\n\nexport const client = createFloKitClient({ apiKey: 'key' });\n");
  files.set('src/samples.ts', `import { ${types}, ${helpers} } from '../generated/index.js';\n\nexport declare const samples: {\n${samples}\n};\nexport declare const inputs: {\n${inputs}\n};\n`);
  const imports: string[] = ["import { inputs, samples } from './samples.js';"];
  const calls: string[] = [];
  const planted = new Set<string>();
  list.forEach((chain, i) => {
    let current = terminal(chain, taxonomy);
    chain.layers.forEach((kind, k) => {
      const module = `chain${i}_${k}`;
      const name = `layer${i}_${k}`;
      files.set(`src/${module}.ts`, layer(kind, current, name));
      current = { expression: name, imports: `import { ${name} } from './${module}.js';\n`, module };
    });
    const importLine = current.imports.trimEnd();
    if (!imports.includes(importLine)) imports.push(importLine);
    calls.push(`  void ${current.expression}(${argument(chain, taxonomy)});`);
  });
  const header = [...imports, '', 'export function main(): void {'];
  calls.forEach((_, i) => {
    const chain = list[i] as Chain;
    planted.add(`src/main.ts:${header.length + i + 1}:${taxonomy.events[chain.event]?.name ?? ''}`);
  });
  files.set('src/main.ts', `${[...header, ...calls, '}'].join('\n')}\n`);
  return { files, planted };
}
