// The public entry to the collector, kept tiny so importing the package costs nothing: the
// collector, its database and TypeScript load on the first startCollector() call.
// In: options. Out: a running Collector.
import type { Collector, CollectorOptions } from './collector.js';

/**
 * Starts a local FloKit-compatible collector for integration tests: point the generated client's
 * `baseUrl` at `collector.url`, then `await collector.waitFor(...)`.
 * @example
 * const collector = await startCollector<FloKitEvent>({ taxonomy: 'taxonomy/' });
 * const client = createFloKitClient({ apiKey: 'test', baseUrl: collector.url });
 * await client.trackPaywallViewed({ userId: 'usr_1', paywallId: 'pw_1' });
 * const seen = await collector.waitFor('paywall_viewed', { user_id: 'usr_1' });
 * await collector.close();
 */
export async function startCollector<E extends { readonly event: string } = { readonly event: string }>(options: CollectorOptions = {}): Promise<Collector<E>> {
  const { startCollector: start } = await import('./collector.js');
  return start<E>(options);
}

export type { CollectedEvent, Collector, CollectorOptions, EventMatch, WaitOptions } from './collector.js';
export type { Summary } from './api.js';
export type { NewEvent, StoredEvent, StoredViolation } from './record.js';
export type { EventPage, EventQuery } from './store.js';
