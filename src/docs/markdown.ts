// The plan as Markdown, for a README or a wiki: one section per event with its properties table,
// then the shared types. Text from the taxonomy is escaped so it reads as written and never becomes
// markup (HTML, links, emphasis) or breaks a table. In: a Plan. Out: the document (deterministic).
import type { Plan, PlanEvent, PlanProperty } from './plan.js';

/** Inline Markdown punctuation backslash-escaped, `<`, `>` and `&` as entities, newlines as spaces. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/\r\n|\r|\n/g, ' ');
}

/** Text that starts a line: also a leading character that would start a block (list, heading) is escaped. */
function paragraph(text: string): string {
  return escapeMarkdown(text)
    .replace(/^[-+#=]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Heading anchors as GitHub makes them would depend on the text; explicit ones are stable. */
const eventAnchor = (i: number): string => `event-${i}`;
const typeAnchor = (i: number): string => `type-${i}`;

export function planMarkdown(plan: Plan): string {
  const types = new Map(plan.types.map((t, i) => [t.name, i]));
  const lines = [`# ${escapeMarkdown(plan.taxonomy)} ${escapeMarkdown(plan.version)}: tracking plan`, ''];
  if (plan.description !== undefined) lines.push(paragraph(plan.description), '');
  lines.push(`## Events (${plan.events.length})`, '');
  plan.events.forEach((e, i) => lines.push(`- [${escapeMarkdown(e.name)}](#${eventAnchor(i)})`));
  lines.push('');
  plan.events.forEach((e, i) => lines.push(...eventSection(e, i, types)));
  if (plan.types.length > 0) {
    lines.push(`## Shared types (${plan.types.length})`, '');
    plan.types.forEach((t, i) => {
      lines.push(`<a id="${typeAnchor(i)}"></a>`, '', `### ${escapeMarkdown(t.name)}`, '');
      if (t.description !== undefined) lines.push(paragraph(t.description), '');
      lines.push(...table(t.properties, types), '');
    });
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function eventSection(e: PlanEvent, index: number, types: ReadonlyMap<string, number>): string[] {
  const lines = [`<a id="${eventAnchor(index)}"></a>`, '', `### ${escapeMarkdown(e.name)}`, ''];
  if (e.deprecated !== undefined) lines.push(`**Deprecated**${e.deprecated === '' ? '.' : `: ${escapeMarkdown(e.deprecated)}`}`, '');
  if (e.description !== undefined) lines.push(paragraph(e.description), '');
  const identity = e.identity === 'either' ? 'user\\_id or anonymous\\_id (at least one)' : `${escapeMarkdown(e.identity)} (required)`;
  const meta = [`Identity: ${identity}`];
  if (e.idempotencyKey !== undefined) meta.push(`Idempotency-Key from: ${e.idempotencyKey.map(escapeMarkdown).join(', ')}`);
  if (e.tags.length > 0) meta.push(`Tags: ${e.tags.map(escapeMarkdown).join(', ')}`);
  lines.push(meta.join(' · '), '');
  lines.push(...(e.properties.length === 0 ? ['No properties.'] : table(e.properties, types)), '');
  return lines;
}

function table(properties: readonly PlanProperty[], types: ReadonlyMap<string, number>): string[] {
  const head = ['Property', 'Type', 'Required', 'Nullable', 'Values and constraints', 'Format', 'Examples', 'PII', 'Description'];
  const rows = properties.map((p) => {
    const ref = p.ref === undefined ? undefined : types.get(p.ref);
    const type = ref === undefined ? escapeMarkdown(p.type) : `[${escapeMarkdown(p.type)}](#${typeAnchor(ref)})`;
    const values = [...(p.enum === undefined ? [] : [`one of: ${p.enum.map((v) => JSON.stringify(v)).join(', ')}`]), ...p.constraints];
    const notes = `${p.description ?? ''}${p.deprecated === undefined ? '' : ` (deprecated${p.deprecated === '' ? '' : `: ${p.deprecated}`})`}${p.common ? ' (common property)' : ''}`;
    const cells = [
      p.name === '' ? '(the type)' : escapeMarkdown(p.name),
      type,
      p.required ? 'yes' : 'no',
      p.nullable ? 'yes' : 'no',
      escapeMarkdown(values.join('; ')),
      escapeMarkdown(p.format ?? ''),
      escapeMarkdown((p.examples ?? []).map((v) => JSON.stringify(v)).join(', ')),
      p.pii ? 'PII' : '',
      escapeMarkdown(notes.trim()),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- |').join('')}`, ...rows];
}
