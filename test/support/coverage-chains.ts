// Random call chains for the coverage property test: a generated entry point (a per-event helper, a
// client method, client.track, client.sendBatch or validateEvent) wrapped in layers (function,
// generic function, arrow, alias, bind, re-export, kept on an object, a class method, destructured,
// behind optional chaining), each layer in its own module, called once from
// main.ts with one event. The project is type-correct; what it plants is known exactly.
// In: a random chain list. Out: the project's files and the (line, event) sites it plants.
import fc from 'fast-check';
import type { Taxonomy } from '../../src/index.js';

export const TERMINALS = ['helper', 'build', 'method', 'track', 'sendBatch', 'validateEvent'] as const;
export const LAYERS = ['function', 'generic', 'arrow', 'alias', 'bind', 'reexport', 'object', 'method', 'destructure', 'optional'] as const;

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
  /** How a module refers to it, its function type, and the import that brings it in. */
  readonly expression: string;
  readonly type: string;
  readonly imports: string;
  /** Set when it is a name exported by one of our modules (a re-export needs one). */
  readonly module?: string;
}

function terminal(chain: Chain, taxonomy: Taxonomy): Callable {
  const names = taxonomy.events[chain.event]?.names;
  if (names === undefined) throw new Error('no such event');
  const generated = (name: string): Callable => ({ expression: name, type: `typeof ${name}`, imports: `import { ${name} } from '../generated/index.js';\n` });
  const client = (member: string): Callable => ({ expression: `client.${member}`, type: `typeof client.${member}`, imports: "import { client } from './client.js';\n" });
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

/** The module of one layer, and how the next layer (or main.ts) reaches what it exports. */
function layer(kind: (typeof LAYERS)[number], inner: Callable, name: string, module: string): { text: string; next: Callable } {
  const type = `Parameters<${inner.type}>[0]`;
  const imports = `import { ${name} } from './${module}.js';\n`;
  const named: Callable = { expression: name, type: `typeof ${name}`, imports, module };
  const member: Callable = { expression: `${name}.run`, type: `typeof ${name}.run`, imports };
  switch (kind) {
    case 'function':
      return { text: `${inner.imports}export function ${name}(e: ${type}) {\n  return ${inner.expression}(e);\n}\n`, next: named };
    case 'generic':
      return { text: `${inner.imports}export function ${name}<T extends ${type}>(e: T) {\n  return ${inner.expression}(e);\n}\n`, next: named };
    case 'arrow':
      return { text: `${inner.imports}export const ${name} = (e: ${type}) => ${inner.expression}(e);\n`, next: named };
    case 'alias':
      return { text: `${inner.imports}export const ${name} = ${inner.expression};\n`, next: named };
    case 'bind':
      return { text: `${inner.imports}export const ${name} = ${inner.expression}.bind(null);\n`, next: named };
    case 'reexport':
      // Only a name one of our modules exports can be re-exported; otherwise an alias stands in.
      if (inner.module === undefined) return layer('alias', inner, name, module);
      return { text: `export { ${inner.expression} as ${name} } from './${inner.module}.js';\n`, next: named };
    case 'object':
      return { text: `${inner.imports}export const ${name} = { run: ${inner.expression} };\n`, next: member };
    case 'method':
      return { text: `${inner.imports}class Layer {\n  run(e: ${type}) {\n    return ${inner.expression}(e);\n  }\n}\nexport const ${name} = new Layer();\n`, next: member };
    case 'destructure':
      return { text: `${inner.imports}const holder = { run: ${inner.expression} };\nexport const { run: ${name} } = holder;\n`, next: named };
    case 'optional':
      return {
        text: `${inner.imports}export const ${name}: { run: ${inner.type} } | undefined = { run: ${inner.expression} };\n`,
        next: { expression: `${name}?.run`, type: `NonNullable<typeof ${name}>['run']`, imports },
      };
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
      // Optional chaining only outermost: a layer calling `x?.run` would call a possibly undefined function.
      const made = layer(kind === 'optional' && k < chain.layers.length - 1 ? 'object' : kind, current, `layer${i}_${k}`, module);
      files.set(`src/${module}.ts`, made.text);
      current = made.next;
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
