// What every stage of generation produces. In: nothing. Out: the type.
export interface GeneratedFile {
  /** Relative to the output directory, with `/` separators. */
  readonly path: string;
  readonly contents: string;
}
