// What the analysis of a project finds, before it is compared with the plan: places where an event
// is produced, and places the checker could not pin to events. Plain data, so the report and its
// formats never touch the TypeScript compiler. In: nothing. Out: types.

/** A place in the user's code; line and column are 1-based (columns count UTF-16 code units). */
export interface SiteLocation {
  /** Absolute path. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ProducedSite extends SiteLocation {
  /** The wire name the site produces (one site per event, so a union argument gives several). */
  readonly event: string;
  /**
   * How the event gets there, from the call at this site inward: `['trackPaywallViewed']`,
   * `['sendEvent', 'track']` for the user's wrapper `sendEvent` around `client.track`.
   */
  readonly via: readonly string[];
}

export interface UnresolvedSite extends SiteLocation {
  /** Why the checker cannot tell which events this is: "the event name is `string`". */
  readonly reason: string;
  readonly via: readonly string[];
}

export interface Findings {
  readonly produced: readonly ProducedSite[];
  readonly unresolved: readonly UnresolvedSite[];
  /** The user's source files the analysis walked (generated ones and libraries excluded). */
  readonly files: number;
  /** Generated modules of the taxonomy the analysis found producers in (client and validators). */
  readonly generatedModules: number;
}
