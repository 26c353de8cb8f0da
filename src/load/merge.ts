// Merging: the shape-checked files of one taxonomy → one RawTaxonomy. A header keyword, event,
// type or common property defined in two places is an error naming both. In: files in name order.
// Out: the merged taxonomy (when it has a header) and diagnostics.
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import type { RawEntry, RawEvent, RawFile, RawTaxonomy } from './raw.js';
import { namesIn, typeNamesIn } from './type-names.js';
import { locate, wasWritten, type ParsedFile } from './source-map.js';

type Section = 'types' | 'commonProperties' | 'events';
const NOUN: Readonly<Record<Section, string>> = { types: 'type', commonProperties: 'common property', events: 'event' };

export function mergeFiles(files: readonly ParsedFile[]): { taxonomy?: RawTaxonomy; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const header = new Map<string, RawEntry<string>>();
  const sections: Record<Section, Map<string, RawEntry<unknown>>> = { types: new Map(), commonProperties: new Map(), events: new Map() };

  for (const file of files) {
    const raw = file.value as RawFile;
    for (const key of ['taxonomy', 'version', 'description'] as const) {
      const value = raw[key];
      if (value === undefined) continue;
      const entry: RawEntry<string> = { name: key, value, file, path: [key] };
      const first = header.get(key);
      if (first === undefined) header.set(key, entry);
      else diagnostics.push(duplicate(`\`${key}\``, entry, first));
    }
    for (const section of ['types', 'commonProperties', 'events'] as const) {
      for (const [name, value] of Object.entries(raw[section] ?? {})) {
        const entry: RawEntry<unknown> = { name, value: value ?? {}, file, path: [section, name] };
        const first = sections[section].get(name);
        if (first === undefined) sections[section].set(name, entry);
        else diagnostics.push(duplicate(`${NOUN[section]} \`${name}\``, entry, first));
      }
    }
  }

  const name = header.get('taxonomy');
  const version = header.get('version');
  const start: SourceLocation = { file: files[0]?.file ?? '', line: 1, column: 1 };
  if (name === undefined || version === undefined) {
    // A header key that was written but failed the shape check has been reported already.
    const written = (key: string): boolean => files.some((f) => wasWritten(f, [key]));
    const missing = [
      ...(written('taxonomy') ? [] : [['`taxonomy`', '`taxonomy: my_app`']]),
      ...(written('version') ? [] : [['`version`', '`version: 1.0.0`']]),
    ];
    if (files.length > 0 && missing.length > 0) {
      diagnostics.push(
        diagnostic(
          'missing-header',
          start,
          `no file declares ${missing.map(([key]) => key).join(' and ')}`,
          `add e.g. ${missing.map(([, example]) => example).join(' and ')} at the top of one file`,
        ),
      );
    }
    return { diagnostics };
  }
  const description = header.get('description');
  const taxonomy: RawTaxonomy = {
    name,
    version,
    ...(description === undefined ? {} : { description }),
    types: [...sections.types.values()] as RawTaxonomy['types'],
    commonProperties: [...sections.commonProperties.values()] as RawTaxonomy['commonProperties'],
    events: [...sections.events.values()] as readonly RawEntry<RawEvent>[],
    files: files.map((f) => f.file),
    declaredTypes: new Set(files.flatMap((f) => typeNamesIn(f.original))),
    // A poisoned `events` mapping (a complex key, say) was reported by the parser already.
    eventsWritten: files.some((f) => namesIn(f.original, 'events').length > 0 || f.poisoned.some((p) => p === '/events' || p.startsWith('/events/'))),
  };
  return { taxonomy, diagnostics };
}

function duplicate(what: string, again: RawEntry<unknown>, first: RawEntry<unknown>): Diagnostic {
  const at = locate(again.file, again.path, 'key');
  const original = locate(first.file, first.path, 'key');
  return diagnostic(
    'duplicate-definition',
    at,
    `${what} is defined twice: here and at ${original.file}:${original.line}:${original.column}`,
    'keep one definition',
  );
}
