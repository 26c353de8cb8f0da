// Collects the changes of one diff: each is added with where it is (event, path, shared type) and
// gets its impact (the kind's, unless the caller decides) and its bump. In: findings. Out: Change[].
import { bumpOf, defaultImpact, type Change, type ChangeKind, type Impact } from './change.js';
import type { JsonValue } from '../load/index.js';

/** Where a change is: the event, the path inside it, and the shared type both sides use there. */
export interface Site {
  readonly event?: string;
  readonly path?: string;
  readonly via?: string;
}

export interface ChangeDetails {
  readonly impact?: Impact;
  readonly keyword?: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  readonly deprecatedBefore?: boolean;
}

export class ChangeList {
  readonly changes: Change[] = [];

  add(kind: ChangeKind, site: Site, message: string, details: ChangeDetails = {}): void {
    const impact = details.impact ?? defaultImpact(kind);
    this.changes.push({
      kind,
      ...(site.event === undefined ? {} : { event: site.event }),
      ...(site.path === undefined ? {} : { path: site.path }),
      ...(details.keyword === undefined ? {} : { keyword: details.keyword }),
      ...(details.before === undefined ? {} : { before: details.before }),
      ...(details.after === undefined ? {} : { after: details.after }),
      ...(details.deprecatedBefore === undefined ? {} : { deprecatedBefore: details.deprecatedBefore }),
      ...(site.via === undefined ? {} : { via: site.via }),
      impact,
      bump: bumpOf(kind, impact),
      message,
    });
  }
}

/** `shipping` + `country` → `shipping.country`; items are `[]`. */
export function childPath(parent: string | undefined, name: string): string {
  return parent === undefined ? name : `${parent}.${name}`;
}

/** How a site is named in a message: its path in backticks, or `the event` for the event itself. */
export function subject(site: Site): string {
  return site.path === undefined ? 'the event' : `\`${site.path}\``;
}
