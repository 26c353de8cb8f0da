// What every stage of generation produces: a path and its contents. The files that gather every
// event are megabytes at 1,000 events, and joining them cost more than all that is done with them
// (hashing, comparing, writing: bench/README.md), so those are made of parts, joined only when
// someone reads `contents`; the writer and the manifest take the parts (partsOf).
// In: paths and texts or parts. Out: GeneratedFile.

export interface GeneratedFile {
  /** Relative to the output directory, with `/` separators. */
  readonly path: string;
  readonly contents: string;
}

const PARTS = new WeakMap<GeneratedFile, readonly string[]>();

/** A file whose contents are `parts` joined (no part may end inside a surrogate pair), joined on first read. */
export function fileOfParts(path: string, parts: readonly string[]): GeneratedFile {
  let joined: string | undefined;
  const file: GeneratedFile = {
    path,
    get contents(): string {
      joined ??= parts.join('');
      return joined;
    },
  };
  PARTS.set(file, parts);
  return file;
}

/** The file's contents in parts: its own, or the whole contents as one. */
export function partsOf(file: GeneratedFile): readonly string[] {
  return PARTS.get(file) ?? [file.contents];
}
