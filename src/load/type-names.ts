// The shared type names a file declares as written, including any the shape check removed as
// invalid: a use of such a type is not "unknown", its definition is what is wrong. In: file data.

export function typeNamesIn(data: unknown): string[] {
  const types = data !== null && typeof data === 'object' ? (data as { types?: unknown }).types : undefined;
  return types !== null && typeof types === 'object' ? Object.keys(types) : [];
}
