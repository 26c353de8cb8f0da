// Test-file globs, as in .gitignore-style tools: `**` any number of path segments, `*` and `?`
// within one segment, `{a,b}` alternatives. Paths are matched relative to the project root, with `/`.
// In: globs. Out: a predicate.

/** Where tests usually live; `--tests` replaces these. */
export const DEFAULT_TEST_GLOBS = ['**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/test/**', '**/tests/**'] as const;

function source(glob: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole segments; a trailing `**` everything below.
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) out += '|';
    else out += c.replace(/[.+^$(){}|[\]\\]/g, '\\$&');
  }
  return out;
}

export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const patterns = globs.map((g) => new RegExp(`^${source(g.replace(/^\.\//, ''))}$`));
  return (path) => patterns.some((p) => p.test(path));
}
