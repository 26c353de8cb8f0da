// The names a file defines in a section as written, including any the shape check removed as
// invalid: a use of such a type is not "unknown", its definition is what is wrong. In: file data.

export function namesIn(data: unknown, section: 'types' | 'events'): string[] {
  const entries = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[section] : undefined;
  return entries !== null && typeof entries === 'object' && !Array.isArray(entries) ? Object.keys(entries) : [];
}

export function typeNamesIn(data: unknown): string[] {
  return namesIn(data, 'types');
}
