// What the collector keeps for every event it receives, as the JSON API returns it. In: nothing.
// Out: types.

/** One violation, as the generated validators report it. */
export interface StoredViolation {
  readonly code: string;
  /** RFC 6901 JSON pointer into the payload. */
  readonly path: string;
  readonly message: string;
  /** What the sender probably meant, when the CLI's checker knows: `did you mean "paywall_id"?`. */
  readonly hint?: string;
}

export interface NewEvent<P = unknown> {
  /** The id answered to the sender, `evt_...`. */
  readonly event_id: string;
  /** ISO time the collector received it. */
  readonly received_at: string;
  /** The payload's `event`, `user_id`, `anonymous_id` and `timestamp` when they are strings. */
  readonly event: string | null;
  readonly user_id: string | null;
  readonly anonymous_id: string | null;
  readonly timestamp: string | null;
  /** The generated validators' verdict against the plan at the time it arrived. */
  readonly valid: boolean;
  /** Answered with 200 (valid, or `acceptInvalid`), or rejected with 400 / a batch error. */
  readonly accepted: boolean;
  readonly violations: readonly StoredViolation[];
  /** The event object exactly as sent. */
  readonly payload: P;
  readonly idempotency_key: string | null;
  /** `POST /v1/events` or `POST /v1/batch/events`. */
  readonly endpoint: 'single' | 'batch';
}

export interface StoredEvent<P = unknown> extends NewEvent<P> {
  /** Arrival order in the store, for paging (`before`). */
  readonly seq: number;
}
