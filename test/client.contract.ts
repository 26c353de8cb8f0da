// Compile-time contract of the generated client (generated/client.ts), checked by `tsc -p
// tsconfig.json` (part of npm test) and never executed. Every `@ts-expect-error` line is a call a
// user must not be able to write: a missing required property, a wrong enum value, a missing
// identity, a misspelled property, a wrong type, properties on an event without any, an `event`
// in the input, an unknown or malformed client option, and a non-event given to track/sendBatch;
// tsc reports the directive as unused if the line compiles. The lines without a directive are the
// calls that must keep compiling: Date or string timestamps, per-call options, either identity,
// typed results, both forms of configureFloKit, exact build<Event>() types, mixed batches.
import {
  buildActivationCompleted,
  buildInstallAttributed,
  buildPaywallViewed,
  buildTrialStarted,
  configureFloKit,
  createCaptureTransport,
  createFloKitClient,
  trackActivationCompleted,
  trackInstallAttributed,
  trackPaywallViewed,
  type ActivationCompletedEvent,
  type FloKitClient,
  type FloKitEvent,
  type FloKitSender,
  type InstallAttributedEvent,
  type PaywallViewedEvent,
  type TrackResult,
  type TrialStartedEvent,
} from '../generated/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const at = '2024-03-15T14:22:00Z';
const paywall = { paywall_id: 'pw_annual_v3' };

// Never called: the function only gives the calls below a place to be type-checked.
export async function clientContract(): Promise<void> {
  const client: FloKitClient = createFloKitClient({ apiKey: 'fk_test', transport: createCaptureTransport() });

  // ---- must compile ----

  // Timestamps: a Date, an RFC 3339 string, or none (now).
  await client.trackPaywallViewed({ user_id: 'u', timestamp: new Date(), properties: paywall });
  await client.trackPaywallViewed({ user_id: 'u', timestamp: at, properties: paywall });
  await trackPaywallViewed({ user_id: 'u', properties: paywall });

  // Per-call options.
  await client.trackPaywallViewed({ user_id: 'u', properties: paywall }, { idempotencyKey: 'key-1', signal: new AbortController().signal });
  await trackPaywallViewed({ user_id: 'u', properties: paywall }, { idempotencyKey: 'key-2', signal: AbortSignal.timeout(1000) });

  // Identity `either`: anonymous_id alone, user_id alone, or both.
  await client.trackInstallAttributed({ anonymous_id: 'anon_1', properties: { campaign_id: 'c', channel: 'meta' } });
  await trackInstallAttributed({ user_id: 'u', properties: { campaign_id: 'c', channel: 'meta' } });
  const attributed: InstallAttributedEvent = buildInstallAttributed({ user_id: 'u', anonymous_id: 'a', properties: { campaign_id: 'c', channel: 'meta' } });

  // An event without properties takes none.
  await client.trackActivationCompleted({ user_id: 'u' });
  const activated: ActivationCompletedEvent = buildActivationCompleted({ user_id: 'u', timestamp: new Date() });

  // The result is readable as `{ status: 'ok'; event_id: string }`.
  const result: { status: 'ok'; event_id: string } = await client.trackPaywallViewed({ user_id: 'u', properties: paywall });
  const ok: 'ok' = result.status;
  const id: string = result.event_id;
  const sameResult: Equal<TrackResult, { readonly status: 'ok'; readonly event_id: string }> = true;

  // configureFloKit takes options or a client, and returns something to flush and shut down.
  const fromOptions: FloKitSender = configureFloKit({ apiKey: 'fk_test' });
  const fromClient: FloKitSender = configureFloKit(client);
  await fromOptions.flush();
  await fromClient.shutdown({ timeoutMs: 1000 });

  // build<Event>() returns exactly the event's wire type.
  const viewed: PaywallViewedEvent = buildPaywallViewed({ user_id: 'u', timestamp: at, properties: paywall });
  const trial: TrialStartedEvent = buildTrialStarted({ user_id: 'u', properties: { plan_id: 'annual' } });
  const exactPaywall: Equal<ReturnType<typeof buildPaywallViewed>, PaywallViewedEvent> = true;
  const exactTrial: Equal<ReturnType<typeof buildTrialStarted>, TrialStartedEvent> = true;
  const exactActivation: Equal<ReturnType<typeof buildActivationCompleted>, ActivationCompletedEvent> = true;

  // Built events go to track and to mixed batches.
  await client.track(viewed);
  await client.sendBatch([buildPaywallViewed({ user_id: 'u', properties: paywall }), buildTrialStarted({ user_id: 'u', properties: { plan_id: 'annual' } })]);
  const events: FloKitEvent[] = [viewed, trial, attributed, activated];
  await client.sendBatch(events, { sortByTimestamp: true });

  // ---- must not compile ----

  // A missing required property.
  // @ts-expect-error paywall_id is required
  await client.trackPaywallViewed({ user_id: 'u', properties: {} });
  // @ts-expect-error paywall_id is required
  await trackPaywallViewed({ user_id: 'u', properties: { offer_id: 'o' } });
  // @ts-expect-error paywall_id is required
  buildPaywallViewed({ user_id: 'u', properties: { context: 'settings' } });
  // @ts-expect-error properties (with paywall_id) is required
  buildPaywallViewed({ user_id: 'u' });

  // A wrong enum value.
  // @ts-expect-error platform is ios, android or web
  await client.trackUserCreated({ user_id: 'u', properties: { platform: 'windows' } });
  // @ts-expect-error change_type is upgrade, downgrade or crossgrade
  await client.trackPlanChanged({ user_id: 'u', properties: { plan_id: 'p', transaction_id: 't', change_type: 'sideways' } });

  // A missing identity.
  // @ts-expect-error paywall_viewed needs user_id
  await client.trackPaywallViewed({ properties: paywall });
  // @ts-expect-error paywall_viewed needs user_id; anonymous_id alone does not do
  buildPaywallViewed({ anonymous_id: 'anon_1', properties: paywall });
  // @ts-expect-error install_attributed needs user_id or anonymous_id
  await client.trackInstallAttributed({ properties: { campaign_id: 'c', channel: 'meta' } });
  // @ts-expect-error install_attributed needs user_id or anonymous_id
  buildInstallAttributed({ timestamp: at, properties: { campaign_id: 'c', channel: 'meta' } });

  // A misspelled property.
  // @ts-expect-error paywal_id is not a property of paywall_viewed
  await client.trackPaywallViewed({ user_id: 'u', properties: { paywall_id: 'p', paywal_id: 'p' } });
  // @ts-expect-error paywal_id is not a property (and paywall_id is missing)
  await trackPaywallViewed({ user_id: 'u', properties: { paywal_id: 'p' } });
  // @ts-expect-error userid is not an envelope field
  await client.trackPaywallViewed({ user_id: 'u', userid: 'u', properties: paywall });

  // A wrong type.
  // @ts-expect-error revenue is a number, not a string
  await client.trackSubscriptionStarted({ user_id: 'u', properties: { plan_id: 'p', transaction_id: 't', revenue: '49.99' } });
  // @ts-expect-error timestamp is a Date or a string, not epoch milliseconds
  await client.trackPaywallViewed({ user_id: 'u', timestamp: 1710512520000, properties: paywall });

  // Properties on an event that has none.
  // @ts-expect-error activation_completed has no properties
  await client.trackActivationCompleted({ user_id: 'u', properties: {} });
  // @ts-expect-error activation_completed has no properties
  await trackActivationCompleted({ user_id: 'u', properties: { milestone: 'first_workout' } });

  // `event` comes from the method, never from the input.
  // @ts-expect-error no `event` in the input
  await client.trackPaywallViewed({ event: 'paywall_viewed', user_id: 'u', properties: paywall });
  // @ts-expect-error no `event` in the input
  buildPaywallViewed({ event: 'paywall_viewed', user_id: 'u', properties: paywall });

  // Unknown or malformed client options.
  // @ts-expect-error retrys is not an option (retries is)
  createFloKitClient({ apiKey: 'fk_test', retrys: 3 });
  // @ts-expect-error validation is 'throw', 'warn' or 'off'
  createFloKitClient({ apiKey: 'fk_test', validation: 'strict' });
  // @ts-expect-error apiKey is required
  createFloKitClient({ baseUrl: 'https://api.flokit.ai' });
  // @ts-expect-error retrys is not an option (retries is)
  configureFloKit({ apiKey: 'fk_test', retrys: 3 });
  // @ts-expect-error idempotencyKey, not idempotency_key
  await client.trackPaywallViewed({ user_id: 'u', properties: paywall }, { idempotency_key: 'k' });

  // track() and sendBatch() take only complete events of the taxonomy.
  // @ts-expect-error paywall_viewed has no plan_id and needs paywall_id
  await client.track({ event: 'paywall_viewed', user_id: 'u', timestamp: at, properties: { plan_id: 'p' } });
  // @ts-expect-error not an event of the taxonomy
  await client.track({ event: 'paywall_closed', user_id: 'u', timestamp: at, properties: paywall });
  // @ts-expect-error a wire event needs its timestamp (build<Event>() fills it in)
  await client.track({ event: 'paywall_viewed', user_id: 'u', properties: paywall });
  // @ts-expect-error track() takes a wire event, not a track<Event>() input
  await client.track({ user_id: 'u', properties: paywall });
  // @ts-expect-error not an event of the taxonomy
  await client.sendBatch([viewed, { event: 'paywall_closed', user_id: 'u', timestamp: at, properties: {} }]);
  // @ts-expect-error not an event at all
  await client.sendBatch([viewed, 'paywall_viewed']);
  // @ts-expect-error an array of events, not one event
  await client.sendBatch(viewed);

  void [ok, id, sameResult, exactPaywall, exactTrial, exactActivation];
}
