// Compares two values' shapes as they are on the wire: shared types are followed (a refactor that
// leaves the accepted values the same is no change, a change inside a shared type is reported at
// every place that reaches it), then nullability, type, each constraint keyword on its own, nested
// properties and items, and the annotations. In: two shapes with their taxonomies' types. Out: changes.
import type { JsonValue } from '../load/index.js';
import type { Property, Shape, SharedType } from '../model/ir.js';
import type { Impact } from './change.js';
import { childPath, subject, type ChangeList, type Site } from './changes-list.js';

type Concrete = Exclude<Shape, { kind: 'ref' }>;

/** A shape with its shared types followed: what the wire sees, and every annotation on the way. */
interface Resolved {
  readonly shape: Concrete;
  readonly nullable: boolean;
  /** Descriptions from the use site inward (a type's own description shows in its `$defs`). */
  readonly descriptions: readonly string[];
  readonly deprecated?: { readonly message?: string };
  readonly examples?: readonly JsonValue[];
  readonly pii: boolean;
  /** The outermost shared type, when the shape is a use of one. */
  readonly via?: string;
}

export type Types = ReadonlyMap<string, SharedType>;

function resolve(shape: Shape, types: Types): Resolved {
  const notes = shape.annotations;
  const own = {
    descriptions: notes.description === undefined ? [] : [notes.description],
    ...(notes.deprecated === undefined ? {} : { deprecated: notes.deprecated }),
    ...(notes.examples === undefined ? {} : { examples: notes.examples }),
  };
  if (shape.kind !== 'ref') return { shape, nullable: shape.nullable, ...own, pii: notes.pii };
  const target = types.get(shape.name);
  // build-ir guarantees every ref resolves; an unresolved one would be an IR from elsewhere.
  if (target === undefined) throw new Error(`shared type \`${shape.name}\` is not defined`);
  const inner = resolve(target.shape, types);
  return {
    shape: inner.shape,
    nullable: shape.nullable || inner.nullable,
    descriptions: [...own.descriptions, ...inner.descriptions],
    ...((own.deprecated ?? inner.deprecated) === undefined ? {} : { deprecated: own.deprecated ?? inner.deprecated }),
    ...((own.examples ?? inner.examples) === undefined ? {} : { examples: own.examples ?? inner.examples }),
    pii: notes.pii || inner.pii,
    via: shape.name,
  };
}

function typeName(shape: Concrete): string {
  return shape.kind === 'number' ? (shape.integer ? 'integer' : 'number') : shape.kind;
}

export class ShapeComparer {
  constructor(
    private readonly out: ChangeList,
    private readonly baseTypes: Types,
    private readonly headTypes: Types,
  ) {}

  value(base: Shape, head: Shape, site: Site): void {
    const b = resolve(base, this.baseTypes);
    const h = resolve(head, this.headTypes);
    const here = b.via !== undefined && b.via === h.via ? { ...site, via: b.via } : site;
    if (b.nullable !== h.nullable) {
      this.out.add(h.nullable ? 'made-nullable' : 'made-non-nullable', here, `${subject(here)} ${h.nullable ? 'may be null now' : 'may no longer be null'}`);
    }
    const before = typeName(b.shape);
    const after = typeName(h.shape);
    if (before !== after) {
      this.out.add('type-changed', here, `${subject(here)} changed type from ${before} to ${after}`, { impact: typeImpact(before, after), before, after });
    }
    // integer ↔ number keeps every numeric keyword, so they are compared too.
    if (b.shape.kind === h.shape.kind) this.constraints(b.shape, h.shape, here);
    this.annotations(b, h, here);
  }

  /** The properties of an event or nested object; `open`: additionalProperties on each side. */
  properties(base: readonly Property[], head: readonly Property[], open: { readonly base: boolean; readonly head: boolean }, site: Site): void {
    const headNames = new Set(head.map((p) => p.name));
    const byName = new Map(base.map((p) => [p.name, p]));
    const paired = new Set<string>();
    for (const property of head) {
      const path = childPath(site.path, property.name);
      const at = { ...site, path };
      const same = byName.get(property.name);
      // A rename pairs with an old name that base has and head no longer has.
      const old = same ?? property.renamedFrom?.map((n) => byName.get(n)).find((p) => p !== undefined && !headNames.has(p.name) && !paired.has(p.name));
      if (old === undefined) {
        const impact: Impact = { producer: property.required || open.base ? 'breaking' : 'none', consumer: 'additive' };
        const why = property.required ? '' : open.base ? ' (unlisted properties were accepted under any value before)' : '';
        this.out.add(property.required ? 'property-added-required' : 'property-added-optional', at, `new ${property.required ? 'required' : 'optional'} property \`${path}\`${why}`, { impact });
        continue;
      }
      paired.add(old.name);
      if (old.name !== property.name) {
        this.out.add('property-renamed', at, `property \`${childPath(site.path, old.name)}\` renamed to \`${path}\``, { before: old.name, after: property.name });
      }
      if (old.required !== property.required) {
        this.out.add(property.required ? 'property-made-required' : 'property-made-optional', at, `\`${path}\` is ${property.required ? 'required' : 'optional'} now`);
      }
      this.value(old.shape, property.shape, at);
    }
    for (const property of base) {
      if (paired.has(property.name)) continue;
      const path = childPath(site.path, property.name);
      const deprecated = property.shape.annotations.deprecated !== undefined;
      const impact: Impact = { producer: open.head ? 'none' : 'breaking', consumer: 'breaking' };
      const note = deprecated ? '' : ' (it was not deprecated first)';
      this.out.add('property-removed', { ...site, path }, `property \`${path}\` removed${note}`, { impact, deprecatedBefore: deprecated });
    }
    if (open.base !== open.head) {
      const where = site.path === undefined ? 'the event' : `\`${site.path}\``;
      this.out.add(open.head ? 'additional-properties-opened' : 'additional-properties-closed', site, `${where} ${open.head ? 'accepts' : 'refuses'} unlisted properties now`, { before: open.base, after: open.head });
    }
  }

  private constraints(base: Concrete, head: Concrete, site: Site): void {
    switch (base.kind) {
      case 'string': {
        const h = head as typeof base;
        this.valueList(base.enum, h.enum, site);
        this.fixed(base.const, h.const, site);
        this.format(base.format, h.format, site);
        if (base.pattern !== h.pattern) this.keyword('pattern', base.pattern, h.pattern, site, base.pattern === undefined ? 'narrowed' : h.pattern === undefined ? 'widened' : 'changed');
        this.bound('minLength', base.minLength, h.minLength, site, 'min');
        this.bound('maxLength', base.maxLength, h.maxLength, site, 'max');
        return;
      }
      case 'number': {
        const h = head as typeof base;
        this.valueList(base.enum, h.enum, site);
        this.fixed(base.const, h.const, site);
        this.bound('minimum', base.minimum, h.minimum, site, 'min');
        this.bound('exclusiveMinimum', base.exclusiveMinimum, h.exclusiveMinimum, site, 'min');
        this.bound('maximum', base.maximum, h.maximum, site, 'max');
        this.bound('exclusiveMaximum', base.exclusiveMaximum, h.exclusiveMaximum, site, 'max');
        if (base.multipleOf !== h.multipleOf) this.keyword('multipleOf', base.multipleOf, h.multipleOf, site, multipleOfDirection(base.multipleOf, h.multipleOf));
        return;
      }
      case 'boolean':
        this.fixed(base.const, (head as typeof base).const, site);
        return;
      case 'array': {
        const h = head as typeof base;
        this.value(base.items, h.items, { ...site, path: `${site.path ?? ''}[]` });
        this.bound('minItems', base.minItems, h.minItems, site, 'min');
        this.bound('maxItems', base.maxItems, h.maxItems, site, 'max');
        if (base.uniqueItems !== h.uniqueItems) this.keyword('uniqueItems', base.uniqueItems, h.uniqueItems, site, h.uniqueItems ? 'narrowed' : 'widened');
        return;
      }
      case 'object': {
        const h = head as typeof base;
        this.properties(base.properties, h.properties, { base: base.additionalProperties, head: h.additionalProperties }, site);
        return;
      }
    }
  }

  /** An enum: values added and removed one by one; an enum introduced or dropped is a constraint. */
  private valueList(base: readonly (string | number)[] | undefined, head: readonly (string | number)[] | undefined, site: Site): void {
    if (base === undefined && head === undefined) return;
    if (base === undefined || head === undefined) {
      this.keyword('enum', base, head, site, base === undefined ? 'narrowed' : 'widened');
      return;
    }
    for (const value of head) if (!base.includes(value)) this.out.add('enum-value-added', site, `${subject(site)} allows ${JSON.stringify(value)} now`, { after: value });
    for (const value of base) if (!head.includes(value)) this.out.add('enum-value-removed', site, `${subject(site)} no longer allows ${JSON.stringify(value)}`, { before: value });
  }

  private fixed(base: string | number | boolean | undefined, head: string | number | boolean | undefined, site: Site): void {
    if (base === head) return;
    if (base !== undefined && head !== undefined) {
      this.out.add('const-changed', site, `${subject(site)} must be ${JSON.stringify(head)} now, not ${JSON.stringify(base)}`, { before: base, after: head });
    } else {
      this.keyword('const', base, head, site, base === undefined ? 'narrowed' : 'widened');
    }
  }

  private format(base: string | undefined, head: string | undefined, site: Site): void {
    if (base === head) return;
    if (base !== undefined && head !== undefined) this.out.add('format-changed', site, `${subject(site)} has format ${head} now, not ${base}`, { keyword: 'format', before: base, after: head });
    else this.keyword('format', base, head, site, base === undefined ? 'narrowed' : 'widened');
  }

  /** A lower bound (`min`) narrows when it rises or appears; an upper bound when it falls or appears. */
  private bound(keyword: string, base: number | undefined, head: number | undefined, site: Site, side: 'min' | 'max'): void {
    if (base === head) return;
    const narrowed = base === undefined || (head !== undefined && (side === 'min' ? head > base : head < base));
    this.keyword(keyword, base, head, site, narrowed ? 'narrowed' : 'widened');
  }

  private keyword(keyword: string, base: JsonValue | undefined, head: JsonValue | undefined, site: Site, direction: 'narrowed' | 'widened' | 'changed'): void {
    const show = (v: JsonValue | undefined): string => (v === undefined ? 'none' : JSON.stringify(v));
    const message = `${subject(site)}: \`${keyword}\` ${direction} (${show(base)} → ${show(head)})`;
    this.out.add(`constraint-${direction}`, site, message, { keyword, ...(base === undefined ? {} : { before: base }), ...(head === undefined ? {} : { after: head }) });
  }

  private annotations(base: Resolved, head: Resolved, site: Site): void {
    const what = subject(site);
    if ((base.deprecated === undefined) !== (head.deprecated === undefined)) {
      this.out.add(head.deprecated === undefined ? 'property-undeprecated' : 'property-deprecated', site, `${what} is ${head.deprecated === undefined ? 'no longer deprecated' : 'deprecated'}`);
    } else if (base.deprecated?.message !== head.deprecated?.message) {
      this.out.add('description-changed', site, `the deprecation message of ${what} changed`, { before: base.deprecated?.message ?? null, after: head.deprecated?.message ?? null });
    }
    if (JSON.stringify(base.descriptions) !== JSON.stringify(head.descriptions)) {
      this.out.add('description-changed', site, `the description of ${what} changed`, { before: base.descriptions.join('\n\n'), after: head.descriptions.join('\n\n') });
    }
    if (JSON.stringify(base.examples) !== JSON.stringify(head.examples)) {
      this.out.add('examples-changed', site, `the examples of ${what} changed`, { before: base.examples ?? [], after: head.examples ?? [] });
    }
    if (base.pii !== head.pii) this.out.add('pii-changed', site, `${what} is ${head.pii ? 'marked' : 'no longer marked'} as personal data (pii)`, { before: base.pii, after: head.pii });
  }
}

/** integer → number accepts more (consumers), number → integer fewer (producers); others both. */
function typeImpact(before: string, after: string): Impact {
  if (before === 'integer' && after === 'number') return { producer: 'none', consumer: 'breaking' };
  if (before === 'number' && after === 'integer') return { producer: 'breaking', consumer: 'none' };
  return { producer: 'breaking', consumer: 'breaking' };
}

/** A new multipleOf that is a whole multiple of the old one accepts a subset (and the reverse). */
function multipleOfDirection(base: number | undefined, head: number | undefined): 'narrowed' | 'widened' | 'changed' {
  if (base === undefined) return 'narrowed';
  if (head === undefined) return 'widened';
  if (Number.isInteger(head / base)) return 'narrowed';
  if (Number.isInteger(base / head)) return 'widened';
  return 'changed';
}
