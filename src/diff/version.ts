// The version a set of changes needs, and whether head's declared version gives it. Semantic
// versions: a breaking change needs the next major (the next minor while the major is 0, as semver
// allows), an additive one the next minor, a cosmetic one the next patch. In: changes, two versions.
// Out: the required and the declared bump, and the verdict.
import type { Bump, Change } from './change.js';

const RANK: Readonly<Record<Bump, number>> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The largest bump any change needs; `none` when nothing changed. */
export function requiredBump(changes: readonly Change[]): Bump {
  return changes.reduce<Bump>((most, c) => (RANK[c.bump] > RANK[most] ? c.bump : most), 'none');
}

/** What head's version is, relative to base's: a bump, or `decreased`. Pre-release and build are ignored. */
export type DeclaredBump = Bump | 'decreased';

export function declaredBump(base: string, head: string): DeclaredBump {
  const [b0, b1, b2] = core(base);
  const [h0, h1, h2] = core(head);
  if (h0 !== b0) return h0 > b0 ? 'major' : 'decreased';
  if (h1 !== b1) return h1 > b1 ? 'minor' : 'decreased';
  if (h2 !== b2) return h2 > b2 ? 'patch' : 'decreased';
  return 'none';
}

/** The format schema guarantees `x.y.z` at the start of every version. */
function core(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version.split(/[-+]/)[0]?.split('.').map(Number) ?? [];
  return [major, minor, patch];
}

export interface VersionVerdict {
  readonly required: Bump;
  readonly declared: DeclaredBump;
  /** The bump base's version needs to be `required` (major becomes minor while base is 0.x). */
  readonly needed: Bump;
  readonly ok: boolean;
}

export function checkVersion(baseVersion: string, headVersion: string, changes: readonly Change[]): VersionVerdict {
  const required = requiredBump(changes);
  const declared = declaredBump(baseVersion, headVersion);
  const needed = required === 'major' && core(baseVersion)[0] === 0 ? 'minor' : required;
  const ok = declared !== 'decreased' && RANK[declared] >= RANK[needed];
  return { required, declared, needed, ok };
}
