// `renamedFrom` rules, for events and for the properties of one object: a previous name is not the
// current name, no longer exists beside it (a rename removes the old name), and is claimed by one
// entry only; otherwise `flokit-gen diff` could not pair old and new unambiguously.
// In: the entries of one scope with their previous names. Out: invalid-rename diagnostics.
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { originalIndex } from '../load/index.js';

/** `renamedFrom` as written (a name or a list) → the list, or undefined when absent. */
export function previousNames(value: string | readonly string[] | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value;
}

export interface RenameEntry {
  readonly name: string;
  /** As written: a string or a list (whose items may have been pruned by the shape check). */
  readonly written: string | readonly string[] | undefined;
  /** Where the i-th previous name as written is (i is ignored for the string form). */
  readonly at: (index: number | undefined) => SourceLocation;
}

/** `noun`: event or property; `scope`: "" or " of event `x`", said after the entry's name. */
export function checkRenames(entries: readonly RenameEntry[], noun: 'event' | 'property', scope = ''): Diagnostic[] {
  const out: Diagnostic[] = [];
  const current = new Set(entries.map((e) => e.name));
  const claimed = new Map<string, string>();
  for (const entry of entries) {
    const names = previousNames(entry.written) ?? [];
    names.forEach((old, i) => {
      const at = entry.at(typeof entry.written === 'string' ? undefined : originalIndex(names, i));
      const fail = (message: string, hint: string): void => void out.push(diagnostic('invalid-rename', at, message, hint));
      const by = claimed.get(old);
      if (old === entry.name) fail(`${noun} \`${entry.name}\` is renamed from itself`, 'remove the name from `renamedFrom`');
      else if (current.has(old)) fail(`${noun} \`${entry.name}\`${scope} is renamed from \`${old}\`, which still exists`, `a rename replaces the old ${noun}: remove \`${old}\`, or drop it from \`renamedFrom\``);
      else if (by !== undefined) fail(`${noun} \`${old}\`${scope} cannot be renamed to both \`${by}\` and \`${entry.name}\``, 'keep `renamedFrom` on one of them');
      else claimed.set(old, entry.name);
    });
  }
  return out;
}

/**
 * An event's own properties against the common ones (each side was checked on its own already): an
 * own property renamed from a common one or claiming the same old name, or a common property renamed
 * from this own property. Reported at the own property, which is the one to fix in this event.
 */
export function checkAgainstCommon(event: string, own: readonly RenameEntry[], common: readonly { readonly name: string; readonly renamedFrom?: readonly string[] }[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const entry of own) {
    const names = previousNames(entry.written) ?? [];
    names.forEach((old, i) => {
      const at = entry.at(typeof entry.written === 'string' ? undefined : originalIndex(names, i));
      const other = common.find((c) => c.renamedFrom?.includes(old));
      if (common.some((c) => c.name === old)) {
        out.push(diagnostic('invalid-rename', at, `property \`${entry.name}\` of event \`${event}\` is renamed from \`${old}\`, which still exists as a common property`, `a rename replaces the old property: drop \`${old}\` from \`renamedFrom\``));
      } else if (other !== undefined) {
        out.push(diagnostic('invalid-rename', at, `property \`${old}\` of event \`${event}\` cannot be renamed to both \`${entry.name}\` and the common property \`${other.name}\``, 'keep `renamedFrom` on one of them'));
      }
    });
    const from = common.find((c) => c.renamedFrom?.includes(entry.name));
    if (from !== undefined) {
      out.push(diagnostic('invalid-rename', entry.at(undefined), `common property \`${from.name}\` is renamed from \`${entry.name}\`, which event \`${event}\` still defines`, `a rename replaces the old property: remove \`${entry.name}\` from this event, or drop it from \`renamedFrom\``));
    }
  }
  return out;
}
