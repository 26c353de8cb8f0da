// IR → the source of `generated/client.ts`, printed by the code writer, already formatted: per
// event a spec (name, validator, and a key deriver when the taxonomy names key fields), a typed
// `track<Event>()` on the client, and module-level `build<Event>()`/`track<Event>()`; plus
// `createFloKitClient`, `configureFloKit` and `createCaptureTransport`. Behaviour lives in runtime/
// (templates/runtime/), so this file only wires typed names to it. Taxonomy strings enter code only
// through `literal()` and comments only through `jsDocText()`. In: the IR. Out: TypeScript source.
import type { EventDef, Taxonomy } from '../model/ir.js';
import { internalName } from '../model/naming.js';
import { jsDocText } from './comment.js';
import { arrayLiteral, arrow, assignment, block, call, docBlock, importList, literal, objectLiteral, parameters, propertyKey, statements, type Statement } from './code.js';
import { hardline, indent, print, type Doc } from './doc.js';
import { eventPiece, modulePiece, type EventMemo } from './memo.js';

/** Types and values client.ts re-exports from runtime/, by module. Each name must be in MODULE_EXPORTS (naming.ts); a golden test checks. */
const RUNTIME_EXPORTS = {
  values: { './runtime/errors.js': ['FloKitApiError', 'FloKitAuthError', 'FloKitError', 'FloKitNetworkError', 'FloKitRateLimitError', 'FloKitValidationError'] },
  types: {
    './runtime/client.js': ['BatchItemResult', 'BatchReport', 'FloKitSender', 'FlushReport', 'SendBatchOptions', 'ShutdownReport', 'TrackOptions', 'TrackResult'],
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

/** An event without declared properties that admits no others takes no `properties` at all. */
function isBare(event: EventDef): boolean {
  return event.properties.length === 0 && !event.additionalProperties;
}

function inputType(event: EventDef): string {
  return `${isBare(event) ? '$EventInputWithoutProperties' : 'EventInput'}<${event.names.eventType}>`;
}

function eventDoc(event: EventDef, action: string): string[] {
  const lines = [`${action} \`${jsDocText(event.name)}\`.`];
  if (event.description !== undefined) lines.push('', ...jsDocText(event.description).split('\n'));
  if (event.deprecated !== undefined) lines.push(`@deprecated ${jsDocText(event.deprecated.message ?? '')}`.trimEnd());
  return lines;
}

function imports(taxonomy: Taxonomy): Doc[] {
  const events = ['build as $build', 'type EventCatalog as $EventCatalog', ...(taxonomy.events.some(isBare) ? ['type EventInputWithoutProperties as $EventInputWithoutProperties'] : []), 'type EventSpec as $EventSpec'];
  return [
    "import * as $c from './runtime/client.js';",
    importList('import', events, './runtime/events.js'),
    importList('import', ['sendBatch as $sendBatch', 'trackAny as $trackAny'], './runtime/batch.js'),
    importList('import', ['EventQueue as $EventQueue'], './runtime/queue.js'),
    ...(taxonomy.events.some((e) => e.idempotencyKey !== undefined) ? [importList('import', ['deriveKey as $deriveKey'], './runtime/keys.js')] : []),
    importList('import', ['createCaptureTransport as $createCaptureTransport'], './runtime/transport.js'),
    importList('import type', ['FloKitEvent', ...taxonomy.events.map((e) => e.names.eventType)], './types.js'),
    importList('import', ['validateEvent', ...taxonomy.events.map((e) => e.names.validate)], './validators.js'),
    ...Object.entries(RUNTIME_EXPORTS.types).map(([module, names]) => importList('import type', names, module)),
    ...Object.entries(RUNTIME_EXPORTS.values).map(([module, names]) => importList('export', names, module)),
    importList('export type', Object.values(RUNTIME_EXPORTS.types).flat()),
  ];
}

/** `$deriveKey('refund_issued', event, [['properties', 'transaction_id']])`: the key fields' paths in the wire object. */
function keyDeriver(event: EventDef, index: number): Doc[] {
  if (event.idempotencyKey === undefined) return [];
  const paths = event.idempotencyKey.map((f) => (f.source === 'envelope' ? [f.name] : ['properties', f.name]).map(literal));
  const body = call('$deriveKey', [literal(event.name), 'event', arrayLiteral(paths.map((p) => arrayLiteral(p)), paths)], true);
  return [[assignment(`const ${keyName(event, index)}`, ' =', arrow('(event: unknown)', body)), ';']];
}

function spec(event: EventDef, index: number): Doc {
  const entries: [string, Doc][] = [['name', literal(event.name)], ['validate', event.names.validate]];
  if (event.idempotencyKey !== undefined) entries.push(['key', keyName(event, index)]);
  return [assignment(`const ${specName(event, index)}: $EventSpec<${event.names.eventType}>`, ' =', objectLiteral(entries)), ';'];
}

function catalog(taxonomy: Taxonomy): Doc {
  const keyed = taxonomy.events.flatMap((event, i): [string, Doc][] => (event.idempotencyKey === undefined ? [] : [[propertyKey(event.name), keyName(event, i)]]));
  return [assignment('const $catalog: $EventCatalog<FloKitEvent>', ' =', objectLiteral([['validate', 'validateEvent'], ['keys', objectLiteral(keyed)]])), ';'];
}

/** `name(params): returns` and what follows it, the parameters broken one a line when it does not fit. */
function signature(name: string, params: readonly string[], returns: string): Doc {
  return [name, parameters(params), returns];
}

/**
 * `FloKitClient`, printed a member at a time: each member starts its own line inside the interface,
 * so it prints alone as it prints there, and an event's member is kept with its other pieces.
 */
function clientInterface(taxonomy: Taxonomy, pieces: EventMemo | undefined): string {
  const member = (doc: Doc): string => print(indent([hardline, doc]));
  const members = taxonomy.events.map((event, i) =>
    eventPiece(pieces, 'client-member', i, () => member([docBlock(eventDoc(event, 'Sends')), signature(event.names.track, [`input: ${inputType(event)}`, 'options?: TrackOptions'], ': Promise<TrackResult>;')])),
  );
  members.push(
    member([docBlock(['Sends any event of the taxonomy, given as a complete wire object (build one with a `build<Event>()` helper).']), 'track(event: FloKitEvent, options?: TrackOptions): Promise<TrackResult>;']),
    member([docBlock(['Validates every event, then sends them through the batch endpoint (≤ 1,000 per request); results by input index.']), 'sendBatch(events: readonly FloKitEvent[], options?: SendBatchOptions): Promise<BatchReport>;']),
  );
  return [print(docBlock([`A FloKit client for the ${jsDocText(taxonomy.name)} taxonomy: one typed method per event.`])), 'export interface FloKitClient extends FloKitSender {', ...members, '\n}'].join('');
}

function createClient(taxonomy: Taxonomy): Doc {
  const methods: Doc[] = [
    'flush: () => core.flush(),',
    'shutdown: (shutdownOptions) => core.shutdown(shutdownOptions),',
    'track: (event, trackOptions) => $trackAny(core, $catalog, event, trackOptions),',
    'sendBatch: (events, batchOptions) => $sendBatch(core, $catalog, events, batchOptions),',
    ...taxonomy.events.map((e, i): Doc => [assignment(e.names.track, ':', arrow('(input, trackOptions)', call('core.send', [specName(e, i), 'input', 'trackOptions']))), ',']),
  ];
  return [
    docBlock(['A client with its own settings (validated here: an unknown option throws). Direct mode unless `batching` is set.']),
    block('export function createFloKitClient(options: FloKitClientOptions): FloKitClient', [
      'const core = new $c.FloKitCore(options, (sender, batching) => new $EventQueue(sender, batching));',
      block('const client: FloKitClient =', methods, '};'),
      'return $c.register(client, core);',
    ]),
  ];
}

/** An event's module-level `build<Event>()` and `track<Event>()`. */
function eventFunctions(event: EventDef, i: number): Statement[] {
  return [
    { blank: [docBlock(eventDoc(event, 'Builds and validates a wire object for')), block(signature(`export function ${event.names.build}`, [`input: ${inputType(event)}`], `: ${event.names.eventType}`), [['return ', call('$build', [specName(event, i), 'input']), ';']])] },
    {
      blank: [
        docBlock(eventDoc(event, 'Sends, through the client set by `configureFloKit()` (or FLOKIT_API_KEY),')),
        block(signature(`export function ${event.names.track}`, [`input: ${inputType(event)}`, 'options?: TrackOptions'], ': Promise<TrackResult>'), [['return ', call('$c.sendWithDefault', [specName(event, i), 'input', 'options']), ';']]),
      ],
    },
  ];
}

/** A top-level statement, printed, and whether a blank line comes before it. */
interface Printed {
  readonly text: string;
  readonly blank: boolean;
}

/** Each top-level statement starts a line at column 0, so it prints alone as it prints in the file. */
function printed(item: Statement): Printed {
  const blank = typeof item === 'object' && !Array.isArray(item) && 'blank' in item;
  return { text: print(blank ? item.blank : (item as Doc)), blank };
}

/** An event's statements: its key deriver and its spec (each among the others' at the top), its functions at the end. */
function eventStatements(event: EventDef, i: number): { readonly key: readonly Printed[]; readonly spec: Printed; readonly end: readonly Printed[] } {
  return { key: keyDeriver(event, i).map(printed), spec: printed(spec(event, i)), end: eventFunctions(event, i).map(printed) };
}

/**
 * The source of `generated/client.ts`. Deterministic: the same IR gives the same bytes. With a memo
 * (watch), each event's statements are kept by its content and position (their names hold its index).
 * In parts, joined by nobody (file.ts); `header`: lines to start it with, each ending in a newline.
 */
export function clientParts(taxonomy: Taxonomy, pieces?: EventMemo, header = ''): string[] {
  const events = taxonomy.events.map((event, i) => eventPiece(pieces, 'client', i, () => eventStatements(event, i), String(i)));
  // The catalog and createFloKitClient are made from the events' names alone: kept across edits inside events.
  const names = JSON.stringify(taxonomy.events.map((e) => [e.name, e.names, e.idempotencyKey !== undefined]));
  const parts: Printed[] = [
    { text: print(statements(['// The sender for every event of the taxonomy: typed track/build helpers over the runtime in runtime/client.ts.', ...imports(taxonomy)])), blank: false },
    ...events.flatMap((e) => e.key),
    ...events.map((e) => e.spec),
    ...modulePiece(pieces, 'client', names, () => [printed(catalog(taxonomy))]),
    { text: clientInterface(taxonomy, pieces), blank: true },
    ...modulePiece(pieces, 'client', `create\0${names}`, () => [printed({ blank: createClient(taxonomy) })]),
    printed({
      blank: [
        docBlock(['Sets the client the module-level `track<Event>()` helpers use: new options, or a client from `createFloKitClient`.']),
        block('export function configureFloKit(options: FloKitClientOptions | FloKitClient): FloKitSender', ['return $c.configure(options);']),
      ],
    }),
    printed({
      blank: [
        docBlock(['An in-memory transport for tests: records exact payloads and validation verdicts, answers like the API, no network.']),
        block('export function createCaptureTransport(options?: CaptureTransportOptions): CaptureTransport', ['return $createCaptureTransport(validateEvent, options);']),
      ],
    }),
    ...events.flatMap((e) => e.end),
  ];
  return [header, ...parts.flatMap((p, i) => [i === 0 ? '' : p.blank ? '\n\n' : '\n', p.text]), '\n'];
}
