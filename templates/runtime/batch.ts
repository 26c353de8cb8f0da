// What a client for a whole taxonomy adds to the sender: sending any complete event (`track`) and
// explicit batches (`sendBatch`). Kept apart from client.ts so that a bundle using only one event's
// module-level helpers does not carry them. In: a sender, the taxonomy's catalog, events.
// Out: results, by input index for batches.
import { FloKitError, FloKitValidationError } from './errors.js';
import type { EventCatalog } from './events.js';
import {
  utf8Length,
  type BatchItemResult,
  type BatchReport,
  type FloKitCore,
  type SendBatchOptions,
  type TrackOptions,
  type TrackResult,
} from './client.js';
import { postBatch } from './queue.js';
import { isObject, type Violation } from './validation.js';

/** FloKit's limit of events per batch request. */
const MAX_BATCH_EVENTS = 1000;
const DEFAULT_MAX_BYTES = 524_288;

/** Sends a complete wire event of any kind of the catalog (the generated `client.track()`). */
export function trackAny<E>(
  core: FloKitCore,
  catalog: EventCatalog<E>,
  event: E,
  options?: TrackOptions,
): Promise<TrackResult> {
  const name = isObject(event) && typeof event['event'] === 'string' ? event['event'] : '';
  return core.accept(name, () => event, catalog.validate, catalog.keys[name], options);
}

/** Validates, then sends `events` in chunks of ≤ 1,000 and ≤ maxBytes; results by input index. */
export async function sendBatch<E>(
  core: FloKitCore,
  catalog: EventCatalog<E>,
  events: readonly E[],
  options: SendBatchOptions = {},
): Promise<BatchReport> {
  const { settings } = core;
  if (core.closed) {
    throw new FloKitError('shutdown', 'The FloKit client is shut down; the batch was not sent');
  }
  if (!Array.isArray(events)) {
    throw new FloKitError('config', '`sendBatch` takes an array of events');
  }
  if (settings.validation !== 'off') {
    const violations: Violation[] = [];
    events.forEach((event, index) => {
      const verdict = catalog.validate(event);
      // A message reads after its path (`/3/properties/revenue` `must be >= 0`): only the path changes.
      if (!verdict.valid) {
        for (const v of verdict.violations) violations.push({ ...v, path: `/${index}${v.path}` });
      }
    });
    if (violations.length > 0 && settings.validation === 'throw') {
      throw new FloKitValidationError('The batch', violations);
    }
    if (violations.length > 0) core.violation('The batch', violations);
  }
  const order = events.map((_, i) => i);
  if (options.sortByTimestamp === true) {
    // Unparseable timestamps go last, in input order (the sort is stable).
    const times = events
      .map((e) =>
        isObject(e) && typeof e['timestamp'] === 'string' ? Date.parse(e['timestamp']) : Number.NaN,
      )
      .map((t) => (Number.isNaN(t) ? Infinity : t));
    order.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  }
  const texts = order.map((i) => JSON.stringify(events[i]));
  const results: BatchItemResult[] = new Array<BatchItemResult>(events.length);
  const maxBytes = settings.batching?.maxBytes ?? DEFAULT_MAX_BYTES;
  let requests = 0;
  for (let start = 0; start < texts.length;) {
    let end = start;
    let bytes = 12; // {"events":[]}
    while (end < texts.length && end - start < MAX_BATCH_EVENTS) {
      const size = utf8Length(texts[end] as string) + 1;
      if (end > start && bytes + size > maxBytes) break;
      bytes += size;
      end++;
    }
    requests++;
    const chunkResults = await core.track(
      postBatch(core, texts.slice(start, end), options.signal),
      0,
    );
    chunkResults.forEach((result, i) => {
      results[order[start + i] as number] = result;
    });
    start = end;
  }
  const count = (status: BatchItemResult['status']): number =>
    results.filter((r) => r.status === status).length;
  return {
    accepted: count('ok'),
    rejected: count('rejected'),
    failed: count('failed'),
    results,
    requests,
  };
}
