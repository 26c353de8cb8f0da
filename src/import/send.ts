// Sending batches through the generated client's sender (templates/runtime: the same retries,
// backoff, 429 Retry-After pause, per-attempt timeout, client-side rate limiter and redaction of
// the API key as a generated client). In: connection settings, one batch at a time. Out: what
// FloKit answered for the batch, or why it could not be delivered.
import { FloKitCore } from '../../templates/runtime/client.js';
import type { FloKitError } from '../../templates/runtime/errors.js';
import { postBatch } from '../../templates/runtime/queue.js';
import type { Batch } from './batches.js';

export interface SendSettings {
  readonly apiKey: string;
  readonly baseUrl: string;
  /** Requests per minute (client side); FloKit documents 100. */
  readonly requestsPerMinute: number;
  /** Per attempt. */
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Runtime warnings (FloKit answers that do not add up), without the API key. */
  readonly warn: (message: string) => void;
  /** Each retry, with its reason and wait. */
  readonly onRetry: (reason: string, delayMs: number) => void;
}

export type SendOutcome =
  /** FloKit answered for the batch: these events (positions in the batch) it rejected, the rest it accepted. */
  | { readonly kind: 'settled'; readonly accepted: number; readonly rejected: readonly { readonly i: number; readonly reason: string }[] }
  /** Not delivered after every retry (network, 5xx, 401, rate limit beyond the budget). */
  | { readonly kind: 'failed'; readonly error: FloKitError };

export class BatchSender {
  private readonly core: FloKitCore;

  constructor(settings: SendSettings) {
    this.core = new FloKitCore({
      apiKey: settings.apiKey,
      baseUrl: settings.baseUrl,
      timeoutMs: settings.timeoutMs,
      retries: { maxRetries: settings.maxRetries },
      // A minute and a second: the server counts a minute from when a request ARRIVES, and the
      // request that opened its window may have taken longer to arrive (a new connection) than the
      // one that would open the next; a second of margin absorbs that, at 1.7 % of the pace.
      rateLimit: { requests: settings.requestsPerMinute, intervalMs: 61_000 },
      validation: 'off', // every event was checked before it was sorted
      logLevel: 'warn',
      logger: { debug: () => undefined, info: () => undefined, warn: settings.warn, error: settings.warn },
      hooks: { onRetry: (info) => settings.onRetry(info.reason, info.delayMs) },
    });
  }

  /** Sends one batch under its key; rejects only when `signal` aborts. */
  async send(batch: Batch, signal: AbortSignal): Promise<SendOutcome> {
    const results = await postBatch(this.core, batch.texts(), signal, batch.key);
    const rejected: { i: number; reason: string }[] = [];
    let accepted = 0;
    for (let i = 0; i < results.length; i++) {
      const result = results[i];
      if (result === undefined) continue;
      if (result.status === 'failed') return { kind: 'failed', error: result.error };
      if (result.status === 'rejected') rejected.push({ i, reason: result.reason });
      else accepted++;
    }
    return { kind: 'settled', accepted, rejected };
  }
}
