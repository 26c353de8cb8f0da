// Which line of a block-mapping YAML file is indented wrongly, and how it would fit. yaml reports
// one mis-indented key as up to three errors on its line or the line above ("All mapping items must
// start at the same column", "Implicit keys need to be on a single line", "Nested mappings are not
// allowed in compact mappings"), none naming the indentation that would be right; this walks the
// keys as a stack of open mappings and finds the first key that fits none of them. In: the text,
// the last line to look at. Out: that line, a message and a hint, or undefined (not a plain
// indentation mistake: a sequence, a block scalar or a flow collection is involved, which this does
// not model, and yaml's own words stand).

export interface Misindented {
  /** 1-based. */
  readonly line: number;
  /** 1-based column of the key's first character. */
  readonly column: number;
  readonly message: string;
  readonly hint: string;
}

interface OpenKey {
  readonly indent: number;
  readonly line: number;
  readonly key: string;
  /** `key:` with nothing after it: the next deeper line starts its mapping. */
  readonly opens: boolean;
}

const KEY_LINE = /^( *)([^\s#'"{[\-?:][^#]*?|"[^"]*"|'[^']*'):(?:\s+(.*))?$/;

export function findMisindentedKey(text: string, lastLine: number): Misindented | undefined {
  const lines = text.split(/\r?\n/);
  const stack: OpenKey[] = [];
  for (let i = 0; i < Math.min(lines.length, lastLine); i++) {
    const raw = lines[i] as string;
    const content = raw.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const match = KEY_LINE.exec(raw.replace(/\s+#.*$/, '').trimEnd());
    // Anything but `key: scalar` or `key:` (a sequence, a block scalar, a flow collection, a
    // multi-line scalar) is beyond this model: leave the verdict to yaml.
    if (match === null) return undefined;
    const indent = (match[1] as string).length;
    const key = (match[2] as string).trim();
    const rest = match[3]?.trim() ?? '';
    if (/^[|>[{&!*]/.test(rest)) return undefined;
    const here: OpenKey = { indent, line: i + 1, key, opens: rest === '' };
    const top = stack.at(-1);
    if (top === undefined || (indent > top.indent && top.opens)) {
      stack.push(here);
      continue;
    }
    if (indent > top.indent) {
      return {
        line: i + 1,
        column: indent + 1,
        message: `\`${key}:\` is indented by ${spaces(indent)}, deeper than \`${top.key}:\` on line ${top.line}, which already has a value`,
        hint: `keys of one mapping start in the same column: indent it by ${spaces(top.indent)} like \`${top.key}:\`, or fix the indentation of line ${top.line}`,
      };
    }
    const popped: OpenKey[] = [];
    while ((stack.at(-1)?.indent ?? -1) > indent) popped.push(stack.pop() as OpenKey);
    const sibling = stack.at(-1);
    if (sibling !== undefined && sibling.indent === indent) {
      stack[stack.length - 1] = here;
      continue;
    }
    // Between two levels: the nearest deeper one (just closed) and the shallower one still open.
    const fits = [popped.at(-1), sibling].filter((k): k is OpenKey => k !== undefined);
    return {
      line: i + 1,
      column: indent + 1,
      message: `\`${key}:\` is indented by ${spaces(indent)}, which matches no mapping around it`,
      hint: `keys of one mapping start in the same column: indent it ${fits.map((k) => `by ${spaces(k.indent)} like \`${k.key}:\` on line ${k.line}`).join(', or ')}`,
    };
  }
  return undefined;
}

function spaces(n: number): string {
  return `${n} space${n === 1 ? '' : 's'}`;
}
