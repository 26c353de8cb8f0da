// The project `bench/coverage.js` measures: the bundled taxonomy generated into generated/, a small
// analytics layer (a client, a generic wrapper, a re-exporting index, typed samples), and N user
// modules of ordinary code (an interface, a class, array helpers, an import of the previous module)
// that each produce three events: a per-event helper, a client method through bind, and the
// wrapper. Deterministic; rewritten on every run. Returns the number of sites it plants.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { generate, loadTaxonomy } = await import(pathToFileURL(join(import.meta.dirname, '../../dist/src/index.js')).href);

function write(dir, path, text) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function module(i, events) {
  const a = events[i % events.length];
  const b = events[(i * 7 + 3) % events.length];
  const c = events[(i * 5 + 1) % events.length];
  const previous = i === 0 ? '' : `import { util${i - 1} } from './mod${i - 1}.js';\n`;
  const call = i === 0 ? '0' : `util${i - 1}([1, 2, 3])`;
  return `import { ${a.names.track} as helper } from '../generated/index.js';
import { client, emit, inputs, samples } from './analytics/index.js';
${previous}
export interface Item${i} {
  readonly id: string;
  readonly price: number;
  readonly tags: readonly string[];
}

export class Store${i} {
  readonly #items = new Map<string, Item${i}>();

  add(item: Item${i}): this {
    this.#items.set(item.id, item);
    return this;
  }

  total(): number {
    let sum = 0;
    for (const item of this.#items.values()) sum += item.price;
    return sum;
  }

  tagged(tag: string): Item${i}[] {
    return [...this.#items.values()].filter((item) => item.tags.includes(tag));
  }
}

export function util${i}(values: readonly number[]): number {
  return values.map((v) => v * ${(i % 5) + 1}).reduce((x, y) => x + y, 0);
}

export async function flow${i}(): Promise<number> {
  const store = new Store${i}().add({ id: 'a${i}', price: ${i}, tags: ['t${i % 10}'] });
  await helper(inputs[${JSON.stringify(a.name)}]);
  const send = client.${b.names.track}.bind(client);
  await send(inputs[${JSON.stringify(b.name)}]);
  await emit(samples[${JSON.stringify(c.name)}]);
  return store.total() + store.tagged('t1').length + ${call};
}
`;
}

export function writeCoverageProject(dir, files, root) {
  rmSync(join(dir, 'src'), { recursive: true, force: true });
  const { taxonomy } = loadTaxonomy(join(root, 'taxonomy'));
  for (const file of generate(taxonomy)) write(dir, join('generated', file.path), file.contents);
  write(dir, 'package.json', '{ "type": "module", "private": true }\n');
  const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, skipLibCheck: true, noEmit: true };
  write(dir, 'tsconfig.json', `${JSON.stringify({ compilerOptions, include: ['src', 'generated'] }, null, 2)}\n`);
  const events = taxonomy.events;
  write(dir, 'src/analytics/client.ts', "import { createFloKitClient } from '../../generated/index.js';\n\nexport const client = createFloKitClient({ apiKey: 'key' });\n");
  write(dir, 'src/analytics/wrap.ts', "import type { FloKitEvent } from '../../generated/index.js';\nimport { client } from './client.js';\n\nexport function emit<E extends FloKitEvent>(event: E): Promise<unknown> {\n  return client.track(event);\n}\n");
  const types = events.map((e) => e.names.eventType).join(', ');
  const helpers = events.map((e) => e.names.track).join(', ');
  write(
    dir,
    'src/analytics/samples.ts',
    `import type { ${types} } from '../../generated/index.js';\nimport type { ${helpers} } from '../../generated/index.js';\n\nexport declare const samples: {\n${events.map((e) => `  ${JSON.stringify(e.name)}: ${e.names.eventType};`).join('\n')}\n};\nexport declare const inputs: {\n${events.map((e) => `  ${JSON.stringify(e.name)}: Parameters<typeof ${e.names.track}>[0];`).join('\n')}\n};\n`,
  );
  write(dir, 'src/analytics/index.ts', "export { client } from './client.js';\nexport { emit } from './wrap.js';\nexport { inputs, samples } from './samples.js';\n");
  const modules = files - 4;
  for (let i = 0; i < modules; i++) write(dir, `src/mod${i}.ts`, module(i, events));
  return modules * 3;
}
