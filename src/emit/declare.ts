// json-schema-to-typescript, several declarations per call. Each schema becomes a titled property
// of one root object, so the library declares it under a placeholder title (`FlokitGenDeclaration<i>`,
// which its re-casing leaves alone: it would re-case our own names, `_3ds…` → `_3Ds…`). The output is
// cut at those declarations' headers and the JSDoc just above each, the root is dropped, and each
// placeholder is renamed to our name. One call has a large fixed cost (option merging,
// dereferencing, normalising); a few dozen declarations per call spread it, while one call for
// everything grows faster than linearly. In: named schemas. Out: one unformatted declaration each.
import type { Options } from 'json-schema-to-typescript';
import type { SchemaObject } from './json-schema.js';

export interface NamedSchema {
  readonly name: string;
  readonly schema: SchemaObject;
}

const OPTIONS: Partial<Options> = {
  bannerComment: '',
  format: false,
  additionalProperties: false,
  strictIndexSignatures: true,
  unknownAny: true,
  ignoreMinAndMaxItems: true,
  enableConstEnums: false,
  declareExternallyReferenced: true,
};

/** Declarations per call: measured on 1,000 events, 32 cut the library's time by a quarter. */
const DECLARATIONS_PER_COMPILE = 32;

const PLACEHOLDER = 'FlokitGenDeclaration';
const ROOT = 'FlokitGenRoot';
// A declaration's header. Text from the taxonomy (descriptions, names, values) is always inside a
// comment (` * …`) or a quoted literal in the output, never at the start of a line.
const HEADER = new RegExp(`^export (?:interface|type) (?:${ROOT}|${PLACEHOLDER}(\\d+))\\b`);

/** Declares every schema, in calls of DECLARATIONS_PER_COMPILE run concurrently; same order as given. */
export async function declareAll(items: readonly NamedSchema[]): Promise<string[]> {
  if (items.length === 0) return [];
  const { compile } = await import('json-schema-to-typescript');
  const calls: Promise<string[]>[] = [];
  for (let i = 0; i < items.length; i += DECLARATIONS_PER_COMPILE) calls.push(declareSome(compile, items.slice(i, i + DECLARATIONS_PER_COMPILE)));
  return (await Promise.all(calls)).flat();
}

async function declareSome(compile: typeof import('json-schema-to-typescript').compile, items: readonly NamedSchema[]): Promise<string[]> {
  const properties = Object.fromEntries(items.map(({ schema }, i) => [`d${i}`, { ...schema, title: `${PLACEHOLDER}${i}` }]));
  const root = { type: 'object', title: ROOT, additionalProperties: false, properties };
  const lines = (await compile(root as Parameters<typeof compile>[0], ROOT, OPTIONS)).split('\n');
  // Where each declaration starts: the `/**` of the JSDoc right above its header, or the header.
  const starts: { readonly line: number; readonly index: number | undefined }[] = [];
  for (const [n, line] of lines.entries()) {
    const header = HEADER.exec(line);
    if (header === null) continue;
    let start = n;
    if (lines[n - 1] === ' */') for (start = n - 1; start > 0 && lines[start] !== '/**'; ) start--;
    starts.push({ line: start, index: header[1] === undefined ? undefined : Number(header[1]) });
  }
  if (starts.length !== items.length + 1) unexpected(`json-schema-to-typescript declared ${starts.length - 1} types for ${items.length} schemas`);
  const out = new Map<number, string>();
  for (const [k, { line, index }] of starts.entries()) {
    if (index === undefined) continue; // the root
    const item = items[index];
    if (item === undefined || out.has(index)) unexpected(`json-schema-to-typescript declared ${PLACEHOLDER}${index} unexpectedly`);
    const text = lines.slice(line, starts[k + 1]?.line ?? lines.length).join('\n').replace(/\n*$/, '\n');
    out.set(index, text.replace(new RegExp(`^export (interface|type) ${PLACEHOLDER}${index}\\b`, 'm'), `export $1 ${item.name}`));
  }
  return items.map(({ name }, i) => out.get(i) ?? unexpected(`json-schema-to-typescript did not declare ${name}`));
}

function unexpected(message: string): never {
  throw new Error(message);
}
