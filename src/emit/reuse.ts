// The artefact cache: emitted text by a hash of everything that produced it, kept between runs (in
// memory by `watch`, on disk by the CLI), so that a regeneration emits only what changed. `Reuse` is
// one run's view of it: it records the keys the run used, and `prune()` drops every other entry, so
// the cache holds one taxonomy's artefacts and never grows with edits. In: a cache. Out: texts.
import type { ContentHashes } from './hashes.js';

/** Emitted text by content key. Pass the same map to every run; its keys and values are opaque. */
export type ArtefactCache = Map<string, string>;

/** What every emitter that reuses artefacts takes; both default to a run of its own, without a cache. */
export interface ReuseOptions {
  /** The IR's hashes, computed once per run (contentHashes). */
  readonly hashes?: ContentHashes;
  readonly reuse?: Reuse;
}

export class Reuse {
  private readonly used = new Set<string>();

  constructor(private readonly cache: ArtefactCache = new Map()) {}

  /** The text cached under `key`, else `make()`'s, cached. */
  take(key: string, make: () => string): string {
    const cached = this.get(key);
    return cached ?? this.set(key, make());
  }

  get(key: string): string | undefined {
    this.used.add(key);
    return this.cache.get(key);
  }

  set(key: string, value: string): string {
    this.used.add(key);
    this.cache.set(key, value);
    return value;
  }

  /** Drops what this run did not use: edited and removed events' old artefacts. */
  prune(): void {
    for (const key of this.cache.keys()) if (!this.used.has(key)) this.cache.delete(key);
  }
}
