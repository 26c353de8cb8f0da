// IR → the source of `generated/client.ts`, built from ts-morph structures: per event a spec (name,
// validator, and a key deriver when the taxonomy names key fields), a typed `track<Event>()` on the client, and module-level
// `build<Event>()`/`track<Event>()`; plus `createFloKitClient`, `configureFloKit` and
// `createCaptureTransport`. Each event's pieces are printed on their own and cached by its content
// hash (see emitClient). Behaviour lives in runtime/ (templates/runtime/), so this file only wires
// typed names to it. Taxonomy strings enter code only through `literal()` and comments only through
// `jsDocText()`. ts-morph is loaded when a client is emitted. In: the IR. Out: TypeScript source.
import type { FunctionDeclarationStructure, JSDocStructure, MethodSignatureStructure, OptionalKind, StatementStructures } from 'ts-morph';
import type { EventDef, Taxonomy } from '../model/ir.js';
import { internalName } from '../model/naming.js';
import { jsDocText } from './comment.js';
import { contentHashes } from './hashes.js';
import { Reuse, type ReuseOptions } from './reuse.js';
import { literal } from './validators.js';

type TsMorph = typeof import('ts-morph');

/** Types and values client.ts re-exports from runtime/, by module. Each name must be in MODULE_EXPORTS (naming.ts); a golden test checks. */
const RUNTIME_EXPORTS = {
  values: { './runtime/errors.js': ['FloKitApiError', 'FloKitAuthError', 'FloKitError', 'FloKitNetworkError', 'FloKitRateLimitError', 'FloKitValidationError'] },
  types: {
    './runtime/client.js': ['BatchItemResult', 'BatchReport', 'FloKitSender', 'SendBatchOptions', 'ShutdownReport', 'TrackOptions', 'TrackResult'],
    './runtime/events.js': ['EventInput'],
    './runtime/options.js': ['FloKitClientOptions', 'FloKitHooks', 'FloKitLogger', 'ValidationMode'],
    './runtime/transport.js': ['CaptureTransport', 'CaptureTransportOptions', 'CapturedEvent', 'CapturedRequest', 'Transport', 'TransportRequest', 'TransportResponse'],
  },
} as const;

function specName(event: EventDef, index: number): string {
  return internalName('spec', event.names.eventType, index);
}

function keyName(event: EventDef, index: number): string {
  return internalName('key', event.names.eventType, index);
}

/** `$deriveKey("refund_issued", event, [["properties", "transaction_id"]])`: the key fields' paths in the wire object. */
function keyDeriver(event: EventDef, fields: NonNullable<EventDef['idempotencyKey']>): string {
  const paths = fields.map((f) => (f.source === 'envelope' ? [f.name] : ['properties', f.name]));
  return `(event: unknown) => $deriveKey(${literal(event.name)}, event, [${paths.map((p) => `[${p.map(literal).join(', ')}]`).join(', ')}])`;
}

/** An event without declared properties that admits no others takes no `properties` at all. */
function isBare(event: EventDef): boolean {
  return event.properties.length === 0 && !event.additionalProperties;
}

function inputType(event: EventDef): string {
  return `${isBare(event) ? '$EventInputWithoutProperties' : 'EventInput'}<${event.names.eventType}>`;
}

function eventDocs(event: EventDef, action: string): OptionalKind<JSDocStructure>[] {
  const lines = [`${action} \`${jsDocText(event.name)}\`.`];
  if (event.description !== undefined) lines.push('', jsDocText(event.description));
  const tags = event.deprecated === undefined ? [] : [{ tagName: 'deprecated', text: jsDocText(event.deprecated.message ?? '') }];
  return [{ description: lines.join('\n'), tags }];
}

function imports(taxonomy: Taxonomy, tsm: TsMorph): StatementStructures[] {
  const { StructureKind } = tsm;
  return [
    { kind: StructureKind.ImportDeclaration, namespaceImport: '$c', moduleSpecifier: './runtime/client.js' },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './runtime/events.js',
      namedImports: [
        { name: 'build', alias: '$build' },
        { name: 'EventCatalog', alias: '$EventCatalog', isTypeOnly: true },
        ...(taxonomy.events.some(isBare) ? [{ name: 'EventInputWithoutProperties', alias: '$EventInputWithoutProperties', isTypeOnly: true }] : []),
        { name: 'EventSpec', alias: '$EventSpec', isTypeOnly: true },
      ],
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/batch.js', namedImports: [{ name: 'sendBatch', alias: '$sendBatch' }, { name: 'trackAny', alias: '$trackAny' }] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/queue.js', namedImports: [{ name: 'EventQueue', alias: '$EventQueue' }] },
    ...(taxonomy.events.some((e) => e.idempotencyKey !== undefined) ? [{ kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/keys.js', namedImports: [{ name: 'deriveKey', alias: '$deriveKey' }] }] : []),
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/transport.js', namedImports: [{ name: 'createCaptureTransport', alias: '$createCaptureTransport' }] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: './types.js', namedImports: ['FloKitEvent', ...taxonomy.events.map((e) => e.names.eventType)] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './validators.js', namedImports: ['validateEvent', ...taxonomy.events.map((e) => e.names.validate)] },
    ...Object.entries(RUNTIME_EXPORTS.types).map(([module, names]) => ({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: module, namedImports: [...names] })),
  ] as StatementStructures[];
}

function reexports(tsm: TsMorph): StatementStructures[] {
  const { StructureKind } = tsm;
  return [
    ...Object.entries(RUNTIME_EXPORTS.values).map(([module, names]) => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier: module, namedExports: [...names] })),
    { kind: StructureKind.ExportDeclaration, isTypeOnly: true, namedExports: Object.values(RUNTIME_EXPORTS.types).flat() },
  ] as StatementStructures[];
}

function constant(tsm: TsMorph, name: string, initializer: string, type?: string): StatementStructures {
  return { kind: tsm.StructureKind.VariableStatement, declarationKind: tsm.VariableDeclarationKind.Const, declarations: [{ name, initializer, ...(type === undefined ? {} : { type }) }] };
}

/** An event's key deriver, when the taxonomy names key fields. */
function keyConstant(event: EventDef, index: number, tsm: TsMorph): StatementStructures[] {
  return event.idempotencyKey === undefined ? [] : [constant(tsm, keyName(event, index), keyDeriver(event, event.idempotencyKey))];
}

function specConstant(event: EventDef, index: number, tsm: TsMorph): StatementStructures {
  const key = event.idempotencyKey === undefined ? '' : `, key: ${keyName(event, index)}`;
  return constant(tsm, specName(event, index), `{ name: ${literal(event.name)}, validate: ${event.names.validate}${key} }`, `$EventSpec<${event.names.eventType}>`);
}

function catalog(taxonomy: Taxonomy, tsm: TsMorph): StatementStructures {
  const keyed = taxonomy.events.flatMap((event, i) => (event.idempotencyKey === undefined ? [] : [` ${literal(event.name)}: ${keyName(event, i)}`]));
  return constant(tsm, '$catalog', `{ validate: validateEvent, keys: {${keyed.join(',')}${keyed.length === 0 ? '' : ' '}} }`, '$EventCatalog<FloKitEvent>');
}

function clientMethod(event: EventDef, tsm: TsMorph): MethodSignatureStructure {
  return {
    kind: tsm.StructureKind.MethodSignature,
    name: event.names.track,
    docs: eventDocs(event, 'Sends'),
    parameters: [{ name: 'input', type: inputType(event) }, { name: 'options', type: 'TrackOptions', hasQuestionToken: true }],
    returnType: 'Promise<TrackResult>',
  };
}

/** The client's interface, but the events' methods (they go first: see emitClient). */
function clientInterface(taxonomy: Taxonomy, tsm: TsMorph): StatementStructures {
  const methods: OptionalKind<MethodSignatureStructure>[] = [
    {
      name: 'track',
      docs: ['Sends any event of the taxonomy, given as a complete wire object (build one with a `build<Event>()` helper).'],
      parameters: [{ name: 'event', type: 'FloKitEvent' }, { name: 'options', type: 'TrackOptions', hasQuestionToken: true }],
      returnType: 'Promise<TrackResult>',
    },
    {
      name: 'sendBatch',
      docs: ['Validates every event, then sends them through the batch endpoint (≤ 1,000 per request); results by input index.'],
      parameters: [{ name: 'events', type: 'readonly FloKitEvent[]' }, { name: 'options', type: 'SendBatchOptions', hasQuestionToken: true }],
      returnType: 'Promise<BatchReport>',
    },
  ];
  return { kind: tsm.StructureKind.Interface, name: 'FloKitClient', isExported: true, extends: ['FloKitSender'], docs: [`A FloKit client for the ${jsDocText(taxonomy.name)} taxonomy: one typed method per event.`], methods };
}

function functions(taxonomy: Taxonomy, tsm: TsMorph): FunctionDeclarationStructure[] {
  const kind = tsm.StructureKind.Function;
  const client = [
    '  const core = new $c.FloKitCore(options, (sender, batching) => new $EventQueue(sender, batching));',
    '  const client: FloKitClient = {',
    '    flush: () => core.flush(),',
    '    shutdown: (shutdownOptions) => core.shutdown(shutdownOptions),',
    '    track: (event, trackOptions) => $trackAny(core, $catalog, event, trackOptions),',
    '    sendBatch: (events, batchOptions) => $sendBatch(core, $catalog, events, batchOptions),',
    ...taxonomy.events.map((e, i) => `    ${e.names.track}: (input, trackOptions) => core.send(${specName(e, i)}, input, trackOptions),`),
    '  };',
    '  return $c.register(client, core);',
  ];
  return [
    {
      kind,
      name: 'createFloKitClient',
      isExported: true,
      docs: ['A client with its own settings (validated here: an unknown option throws). Direct mode unless `batching` is set.'],
      parameters: [{ name: 'options', type: 'FloKitClientOptions' }],
      returnType: 'FloKitClient',
      statements: client.map((line) => line.slice(2)),
    },
    {
      kind,
      name: 'configureFloKit',
      isExported: true,
      docs: ['Sets the client the module-level `track<Event>()` helpers use: new options, or a client from `createFloKitClient`.'],
      parameters: [{ name: 'options', type: 'FloKitClientOptions | FloKitClient' }],
      returnType: 'FloKitSender',
      statements: ['return $c.configure(options);'],
    },
    {
      kind,
      name: 'createCaptureTransport',
      isExported: true,
      docs: ['An in-memory transport for tests: records exact payloads and validation verdicts, answers like the API, no network.'],
      parameters: [{ name: 'options', type: 'CaptureTransportOptions', hasQuestionToken: true }],
      returnType: 'CaptureTransport',
      statements: ['return $createCaptureTransport(validateEvent, options);'],
    },
  ];
}

/** An event's module-level `build<Event>()` and `track<Event>()`. */
function eventFunctions(event: EventDef, i: number, tsm: TsMorph): FunctionDeclarationStructure[] {
  const kind = tsm.StructureKind.Function;
  return [
    {
      kind,
      name: event.names.build,
      isExported: true,
      docs: eventDocs(event, 'Builds and validates a wire object for'),
      parameters: [{ name: 'input', type: inputType(event) }],
      returnType: event.names.eventType,
      statements: [`return $build(${specName(event, i)}, input);`],
    },
    {
      kind,
      name: event.names.track,
      isExported: true,
      docs: eventDocs(event, 'Sends, through the client set by `configureFloKit()` (or FLOKIT_API_KEY),'),
      parameters: [{ name: 'input', type: inputType(event) }, { name: 'options', type: 'TrackOptions', hasQuestionToken: true }],
      returnType: 'Promise<TrackResult>',
      statements: [`return $c.sendWithDefault(${specName(event, i)}, input, options);`],
    },
  ];
}

const PRINT = { indentNumberOfSpaces: 2, newLine: '\n', useSingleQuote: true } as const;
const INTERFACE_HEAD = '\nexport interface FloKitClient extends FloKitSender {\n';

/**
 * The source of `generated/client.ts`. Deterministic: the same IR gives the same bytes. What each
 * event adds (its key deriver and spec, its client method, its functions) is printed on its own and
 * cached by the event's content hash; the file is printed around those texts. ts-morph writes text
 * statements as they are, one per line, and a blank line around each block (interface, function):
 * the events' keys and specs go in as text statements, and their functions, blocks at the end of the
 * file, are appended as ts-morph would print them. An interface member cannot be text, so the events'
 * methods are put in after the interface's first line.
 */
export async function emitClient(taxonomy: Taxonomy, options: ReuseOptions = {}): Promise<string> {
  const tsm = await import('ts-morph');
  const hashes = options.hashes ?? contentHashes(taxonomy);
  const reuse = options.reuse ?? new Reuse();
  const print = (statements: (string | StatementStructures)[]): string => tsm.printStructure({ kind: tsm.StructureKind.SourceFile, statements }, PRINT);
  const parts = taxonomy.events.map((event, i) => {
    const key = `client:${hashes.events[i] ?? ''}:${specName(event, i)}`;
    return {
      key: event.idempotencyKey === undefined ? '' : reuse.take(`${key}:key`, () => print(keyConstant(event, i, tsm))),
      spec: reuse.take(`${key}:spec`, () => print([specConstant(event, i, tsm)])),
      // Indented as a member: every line of a member's text is, docs included.
      method: reuse.take(`${key}:method`, () => `  ${tsm.printStructure(clientMethod(event, tsm), PRINT).replaceAll('\n', '\n  ')}\n`),
      functions: reuse.take(`${key}:functions`, () => print(eventFunctions(event, i, tsm))),
    };
  });
  const lines = (texts: readonly string[]): string[] => (texts.join('') === '' ? [] : [texts.join('').slice(0, -1)]);
  const text = print([
    '// The sender for every event of the taxonomy: typed track/build helpers over the runtime in runtime/client.ts.',
    ...imports(taxonomy, tsm),
    ...reexports(tsm),
    ...lines(parts.map((p) => p.key)),
    ...lines(parts.map((p) => p.spec)),
    catalog(taxonomy, tsm),
    clientInterface(taxonomy, tsm),
    ...functions(taxonomy, tsm),
  ]);
  const head = text.indexOf(INTERFACE_HEAD);
  if (head === -1) throw new Error('ts-morph printed the client interface unlike before: its first line was not found');
  const at = head + INTERFACE_HEAD.length;
  return [text.slice(0, at), ...parts.map((p) => p.method), text.slice(at), ...parts.map((p) => `\n${p.functions}`)].join('');
}
