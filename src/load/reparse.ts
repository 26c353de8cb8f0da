// Re-parsing a taxonomy file after an edit inside one event: only that event's lines are parsed
// again, and the rest of the previous parse is kept, the positions after the event moved by the lines
// the edit added or removed. `watch` then re-reads a 1,000-event file in milliseconds instead of a
// second. The edited lines are found from the text both versions share at the start and at the end;
// they must lie within one entry of the `events:` mapping, from its key's line to the next key of
// the mapping or of the file, still end where that next key's line begins, and alone parse cleanly
// as the same one entry with its key where it was. Anything else (an edit outside `events` or
// across two entries, a renamed, re-indented or moved event key, anything the parser would report,
// a previous parse that had a problem) gives undefined, and the caller parses the whole file.
// In: the previous parse and text, the new text, the limits. Out: the parse parseYamlFile would give
// for the new text, or undefined. A result takes over the previous parse's node map (the caller's
// cache replaces that parse with it): only the edited event's nodes and those after a change in
// the line count are touched, not the whole file's.
import type { LoadLimits } from './limits.js';
import { parseEntry } from './parse-yaml.js';
import { pointerSegment, type JsonValue, type NodeInfo, type ParsedFile } from './source-map.js';

type JsonObject = { readonly [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Offsets where each line starts (index 0 is line 1), and the text's length after the last. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  starts.push(text.length);
  return starts;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

export function reparseEdit(previous: ParsedFile, before: string, after: string, limits: LoadLimits): ParsedFile | undefined {
  const root = previous.original;
  const events = isObject(root) ? root['events'] : undefined;
  if (previous.poisoned.length > 0 || !isObject(root) || !isObject(events)) return undefined;
  // The edited span of `before`: [from, to).
  const shortest = Math.min(before.length, after.length);
  let from = 0;
  while (from < shortest && before.charCodeAt(from) === after.charCodeAt(from)) from++;
  let same = 0;
  while (same < shortest - from && before.charCodeAt(before.length - 1 - same) === after.charCodeAt(after.length - 1 - same)) same++;
  const to = before.length - same;

  // The events' key lines in file order, and every line that ends an event's lines: the next
  // event's key line or a top-level key's.
  const keyLine = (pointer: string): number => previous.nodes.get(pointer)?.key?.line ?? NaN;
  const entries = Object.keys(events)
    .map((name) => ({ name, line: keyLine(`/events/${pointerSegment(name)}`) }))
    .sort((a, b) => a.line - b.line);
  const ends = [...entries.map((e) => e.line), ...Object.keys(root).map((key) => keyLine(`/${pointerSegment(key)}`))].sort((a, b) => a - b);
  if (ends.some(Number.isNaN)) return undefined;
  const starts = lineStarts(before);
  const offset = (line: number): number => (line === Infinity ? before.length : (starts[line - 1] ?? before.length));
  // The first event, in file order, whose lines hold the edit: an insertion where one event's lines
  // end and the next's begin belongs to the first (in the new text, the next key comes after it).
  let edited: { readonly name: string; readonly line: number; readonly next: number } | undefined;
  let k = 0;
  for (const { name, line } of entries) {
    while (k < ends.length && (ends[k] ?? 0) <= line) k++;
    const next = ends[k] ?? Infinity;
    if (offset(line) <= from && to <= offset(next)) {
      edited = { name, line, next };
      break;
    }
  }
  if (edited === undefined) return undefined;
  const { name, line, next } = edited;
  const pointer = `/events/${pointerSegment(name)}`;
  const old = previous.nodes.get(pointer)?.key;
  if (old === undefined) return undefined;
  const start = offset(line);
  const end = offset(next);
  const text = after.slice(start, end + after.length - before.length);
  // The new lines must end where the next key's line begins (or at the end of the file): an edit
  // that joins the last line with the next key's, or writes before that key on its line, changes it.
  if (end < before.length && !text.endsWith('\n')) return undefined;
  const entry = parseEntry(previous.file, text, line, '/events', 1, limits);
  // The same event, where it was: alone, a re-indented key still parses as the root's, where in the
  // file it would belong to the event above it; and the first event's key is where the mapping
  // itself is recorded to start, so moving it moves a node outside these lines.
  const key = entry?.nodes.get(pointer)?.key;
  if (entry === undefined || key === undefined || key.line !== old.line || key.column !== old.column) return undefined;

  // Positions after the entry move by the lines the edit added or removed.
  const delta = count(text, '\n') - count(before.slice(start, end), '\n');
  const move = (info: NodeInfo): NodeInfo => {
    if (delta === 0 || info.value.line < next) return info;
    const moved = { ...info, value: { ...info.value, line: info.value.line + delta } };
    return info.key === undefined ? moved : { ...moved, key: { ...info.key, line: info.key.line + delta } };
  };
  const inside = (p: string): boolean => p === pointer || p.startsWith(`${pointer}/`);
  // Updated in place: the copy cost a watch re-run ~30 ms of its ~250 ms load at 1,000 events (A/B,
  // the bench's edit). The keys outside the entry keep their order and the entry's come last, as in
  // a copy.
  const nodes = previous.nodes as Map<string, NodeInfo>;
  for (const [p, info] of nodes) {
    if (inside(p)) nodes.delete(p);
    else if (delta !== 0 && info.value.line >= next) nodes.set(p, move(info));
  }
  for (const [p, info] of entry.nodes) if (inside(p)) nodes.set(p, info);
  // Same keys in the same order: the edited entry's value is replaced where it stands.
  const original: JsonObject = { ...root, events: { ...events, [name]: entry.value } };
  return { file: previous.file, value: original, nodes, poisoned: [], original };
}
