// Compares two taxonomies' IRs, not their text: events are paired by wire name (or by `renamedFrom`),
// so file layout, order, comments and YAML style never show; each event is compared as the wire sees
// it (common properties merged, shared types followed). In: base and head IRs. Out: changes, in head's
// event order, removed events last.
import type { EventDef, Identity, IdempotencyField, Taxonomy } from '../model/ir.js';
import type { Change, Impact } from './change.js';
import { ChangeList, type Site } from './changes-list.js';
import { ShapeComparer } from './compare-shapes.js';

export function compareTaxonomies(base: Taxonomy, head: Taxonomy): Change[] {
  const out = new ChangeList();
  if (base.name !== head.name) out.add('taxonomy-renamed', {}, `the taxonomy is named \`${head.name}\` now, not \`${base.name}\``, { before: base.name, after: head.name });
  if (base.description !== head.description) {
    out.add('taxonomy-description-changed', {}, "the taxonomy's description changed", { before: base.description ?? null, after: head.description ?? null });
  }
  const shapes = new ShapeComparer(out, new Map(base.types.map((t) => [t.name, t])), new Map(head.types.map((t) => [t.name, t])));
  const byName = new Map(base.events.map((e) => [e.name, e]));
  const headNames = new Set(head.events.map((e) => e.name));
  const paired = new Set<string>();
  for (const event of head.events) {
    const old = byName.get(event.name) ?? event.renamedFrom?.map((n) => byName.get(n)).find((e) => e !== undefined && !headNames.has(e.name) && !paired.has(e.name));
    if (old === undefined) {
      out.add('event-added', { event: event.name }, `new event \`${event.name}\``);
      continue;
    }
    paired.add(old.name);
    compareEvent(old, event, out, shapes);
  }
  for (const event of base.events) {
    if (paired.has(event.name)) continue;
    const deprecated = event.deprecated !== undefined;
    out.add('event-removed', { event: event.name }, `event \`${event.name}\` removed${deprecated ? '' : ' (it was not deprecated first)'}`, { deprecatedBefore: deprecated });
  }
  return out.changes;
}

function compareEvent(base: EventDef, head: EventDef, out: ChangeList, shapes: ShapeComparer): void {
  const site: Site = { event: head.name };
  if (base.name !== head.name) out.add('event-renamed', site, `event \`${base.name}\` renamed to \`${head.name}\``, { before: base.name, after: head.name });
  if ((base.deprecated === undefined) !== (head.deprecated === undefined)) {
    out.add(head.deprecated === undefined ? 'event-undeprecated' : 'event-deprecated', site, `event \`${head.name}\` is ${head.deprecated === undefined ? 'no longer deprecated' : 'deprecated'}`);
  } else if (base.deprecated?.message !== head.deprecated?.message) {
    out.add('description-changed', site, `the deprecation message of event \`${head.name}\` changed`, { before: base.deprecated?.message ?? null, after: head.deprecated?.message ?? null });
  }
  if (base.description !== head.description) out.add('description-changed', site, `the description of event \`${head.name}\` changed`, { before: base.description ?? null, after: head.description ?? null });
  if (!sameSet(base.tags, head.tags)) out.add('tags-changed', site, `the tags of event \`${head.name}\` changed`, { before: base.tags, after: head.tags });
  if (base.identity !== head.identity) {
    out.add('identity-changed', site, `event \`${head.name}\` needs ${IDENTITY_TEXT[head.identity]} now, not ${IDENTITY_TEXT[base.identity]}`, { impact: identityImpact(base.identity, head.identity), before: base.identity, after: head.identity });
  }
  const keyBefore = keyFields(base.idempotencyKey);
  const keyAfter = keyFields(head.idempotencyKey);
  if (JSON.stringify(keyBefore) !== JSON.stringify(keyAfter)) {
    const show = (fields: readonly string[] | null): string => (fields === null ? 'none' : fields.join(', '));
    out.add('idempotency-key-changed', site, `the Idempotency-Key of \`${head.name}\` is derived from ${show(keyAfter)} now, not ${show(keyBefore)}`, { before: keyBefore, after: keyAfter });
  }
  shapes.properties(base.properties, head.properties, { base: base.additionalProperties, head: head.additionalProperties }, site);
}

const IDENTITY_TEXT: Readonly<Record<Identity, string>> = { user_id: '`user_id`', anonymous_id: '`anonymous_id`', either: '`user_id` or `anonymous_id`' };

/** `either` accepts what `user_id` or `anonymous_id` accepts: a move towards it widens, away narrows. */
function identityImpact(base: Identity, head: Identity): Impact {
  if (base === 'either') return { producer: 'breaking', consumer: 'none' };
  if (head === 'either') return { producer: 'none', consumer: 'breaking' };
  return { producer: 'breaking', consumer: 'breaking' };
}

/** The key's fields in order (order changes the derived key), or null when there is no key. */
function keyFields(fields: readonly IdempotencyField[] | undefined): string[] | null {
  return fields === undefined ? null : fields.map((f) => f.name);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
