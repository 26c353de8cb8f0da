// Name checks and identifier assignment over the built events and types: every name must yield a
// valid identifier, contain nothing invisible, avoid JavaScript's special keys and the envelope,
// and no two generated identifiers may collide (case-insensitively) anywhere in the module or
// inside one object. In: events, types, properties with locations. Out: names and diagnostics.
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import type { EventNames, Property, Shape } from './ir.js';
import {
  collisionKey,
  ENVELOPE_FIELDS,
  eventIdentifiers,
  fileStem,
  FORBIDDEN_NAMES,
  invisibleCharacter,
  isIdentifier,
  MAX_FILE_STEM,
  pascalCase,
  reservedReason,
} from './naming.js';

interface Owner {
  readonly what: string;
  readonly location: SourceLocation;
}

const ENVELOPE_KEYS: ReadonlyMap<string, string> = new Map(ENVELOPE_FIELDS.map((field) => [collisionKey(pascalCase(field) ?? field), field]));

/** The envelope field a property name is, or becomes as an identifier (`userId` → `user_id`). */
function envelopeFieldLike(name: string): string | undefined {
  if (ENVELOPE_FIELDS.includes(name)) return name;
  const pascal = pascalCase(name);
  return pascal === undefined ? undefined : ENVELOPE_KEYS.get(collisionKey(pascal));
}

export class NameChecker {
  readonly diagnostics: Diagnostic[] = [];
  /** Every module-level identifier handed out so far, by collision key. */
  private readonly module = new Map<string, { identifier: string; owner: Owner }>();

  /** The base identifier of a name, or undefined (and a diagnostic) when the name is unusable. */
  private base(name: string, owner: Owner): string | undefined {
    const invisible = invisibleCharacter(name);
    if (invisible !== undefined) {
      this.report('name-invisible-character', owner.location, `${owner.what} contains the invisible or reordering character ${invisible}`, 'remove it: such characters make names look like other names');
      return undefined;
    }
    if (FORBIDDEN_NAMES.includes(name)) {
      this.report('name-forbidden', owner.location, `${owner.what} is a key JavaScript objects treat specially`, 'choose another name');
      return undefined;
    }
    const pascal = pascalCase(name);
    if (pascal === undefined || !isIdentifier(pascal)) {
      this.report('name-no-identifier', owner.location, `${owner.what} has no letter or digit to build an identifier from`, 'use letters or digits in the name');
      return undefined;
    }
    return pascal;
  }

  eventNames(name: string, location: SourceLocation): EventNames | undefined {
    const owner = { what: `event \`${name}\``, location };
    const pascal = this.base(name, owner);
    if (pascal === undefined) return undefined;
    const stem = fileStem(name);
    if (stem.length > MAX_FILE_STEM) {
      this.report('name-too-long', location, `${owner.what} makes a file name of ${stem.length} characters, over ${MAX_FILE_STEM}`, 'shorten the name');
      return undefined;
    }
    const ids = eventIdentifiers(pascal);
    const ok = Object.values(ids).every((id) => this.claim(id, owner));
    return ok ? { ...ids, fileStem: stem } : undefined;
  }

  typeName(name: string, location: SourceLocation): string | undefined {
    const owner = { what: `type \`${name}\``, location };
    const pascal = this.base(name, owner);
    return pascal !== undefined && this.claim(pascal, owner) ? pascal : undefined;
  }

  /**
   * Checks one object's property names; `envelope` for an event's top level. `checked` are names
   * already reported on (the common properties) that the new ones must not collide with either.
   */
  properties(properties: readonly Property[], envelope: boolean, checked: readonly Property[] = []): void {
    const seen = new Map<string, { property: Property; pascal: string }>();
    for (const property of checked) {
      const pascal = pascalCase(property.name);
      if (pascal !== undefined) seen.set(collisionKey(pascal), { property, pascal });
    }
    for (const property of properties) {
      // Redefining a checked name exactly is its own error (common-property-redefined).
      if (checked.some((c) => c.name === property.name)) continue;
      const owner = { what: `property \`${property.name}\``, location: property.location };
      const field = envelope ? envelopeFieldLike(property.name) : undefined;
      if (field !== undefined) {
        const same = field === property.name ? 'the envelope field of the same name' : `the envelope field \`${field}\` once turned into an identifier`;
        this.report('envelope-property', property.location, `property \`${property.name}\` clashes with ${same}`, field === 'user_id' || field === 'anonymous_id' ? 'ids travel in the envelope; set `identity:` on the event instead' : 'rename the property');
        continue;
      }
      const pascal = this.base(property.name, owner);
      if (pascal === undefined) continue;
      const key = collisionKey(pascal);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, { property, pascal });
      else this.collision(owner, `property \`${first.property.name}\``, first.property.location, pascal, first.pascal);
    }
    for (const property of properties) this.nested(property.shape);
  }

  /** Checks the property names of objects nested anywhere inside a shape. */
  nested(shape: Shape): void {
    if (shape.kind === 'object') this.properties(shape.properties, false);
    if (shape.kind === 'array') this.nested(shape.items);
  }

  private claim(identifier: string, owner: Owner): boolean {
    const reserved = reservedReason(identifier);
    if (reserved !== undefined) {
      this.report('name-reserved', owner.location, `${owner.what} generates \`${identifier}\`, which ${reserved}`, 'rename it');
      return false;
    }
    const key = collisionKey(identifier);
    const first = this.module.get(key);
    if (first === undefined) {
      this.module.set(key, { identifier, owner });
      return true;
    }
    if (first.owner !== owner) this.collision(owner, first.owner.what, first.owner.location, identifier, first.identifier);
    return false;
  }

  private collision(owner: Owner, other: string, at: SourceLocation, identifier: string, otherIdentifier = identifier): void {
    const same = identifier === otherIdentifier ? `both become \`${identifier}\`` : `become \`${identifier}\` and \`${otherIdentifier}\`, which differ only in case`;
    this.report('name-collision', owner.location, `${owner.what} and ${other} (${at.file}:${at.line}:${at.column}) ${same}`, 'rename one of them; names are never changed silently');
  }

  private report(code: Diagnostic['code'], at: SourceLocation, message: string, hint: string): void {
    this.diagnostics.push(diagnostic(code, at, message, hint));
  }
}
