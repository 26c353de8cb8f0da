// A small document printer with prettier's algorithm (Wadler's "prettier printer" as prettier 3
// implements it): text, lines that break only when their group does not fit in 100 columns,
// groups, indentation, and conditional groups that try layouts in turn. The emitters build, for
// each construct they print, the same document prettier builds for it, so the output is what
// prettier would print (test/prettier.test.ts and the fuzz run check every generated file).
// In: a document. Out: text, without trailing whitespace.
import { textWidth } from './text-width.js';

export type Doc = string | readonly Doc[] | Group | Indent | Line | IfBreak | IndentIfBreak | BreakParent;

interface Group {
  readonly kind: 'group';
  readonly contents: Doc;
  /** Set when the group must break (a hard line inside, or asked for). */
  shouldBreak: boolean;
  /** A conditional group's layouts, tried in turn (prettier's conditionalGroup). */
  readonly states?: readonly Doc[];
  readonly id?: symbol;
}
interface Indent {
  readonly kind: 'indent';
  readonly contents: Doc;
}
interface Line {
  readonly kind: 'line';
  /** Nothing when flat (a softline), instead of a space. */
  readonly soft: boolean;
  readonly hard: boolean;
}
interface IfBreak {
  readonly kind: 'if-break';
  readonly broken: Doc;
  readonly flat: Doc;
}
interface IndentIfBreak {
  readonly kind: 'indent-if-break';
  readonly contents: Doc;
  readonly group: symbol;
}
interface BreakParent {
  readonly kind: 'break-parent';
}

export const WIDTH = 100;

export const line: Doc = { kind: 'line', soft: false, hard: false };
export const softline: Doc = { kind: 'line', soft: true, hard: false };
/** Breaks every group around it (what a hard line carries). */
export const breakParent: Doc = { kind: 'break-parent' };
export const hardline: Doc = [{ kind: 'line', soft: false, hard: true }, breakParent];

export function group(contents: Doc, options: { readonly shouldBreak?: boolean; readonly id?: symbol } = {}): Group {
  return { kind: 'group', contents, shouldBreak: options.shouldBreak ?? false, ...(options.id === undefined ? {} : { id: options.id }) };
}

/** Layouts tried in turn: the first that fits, else the last, broken. */
export function conditionalGroup(states: readonly Doc[]): Group {
  return { kind: 'group', contents: states[0] ?? '', shouldBreak: false, states };
}

export function indent(contents: Doc): Doc {
  return { kind: 'indent', contents };
}

export function ifBreak(broken: Doc, flat: Doc = ''): Doc {
  return { kind: 'if-break', broken, flat };
}

export function indentIfBreak(contents: Doc, groupId: symbol): Doc {
  return { kind: 'indent-if-break', contents, group: groupId };
}

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  return docs.flatMap((doc, i) => (i === 0 ? [doc] : [separator, doc]));
}

/** Whether a document holds a forced break (prettier's willBreak). */
export function willBreak(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) return doc.some(willBreak);
  const d = doc as Exclude<Doc, string | readonly Doc[]>;
  switch (d.kind) {
    case 'group':
      return d.shouldBreak || willBreak(d.contents);
    case 'line':
      return d.hard;
    case 'break-parent':
      return true;
    case 'indent':
    case 'indent-if-break':
      return willBreak(d.contents);
    case 'if-break':
      return willBreak(d.broken) || willBreak(d.flat);
  }
}

/** Marks every group that holds a forced break as broken; a conditional group stops the spread. */
function propagateBreaks(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) return doc.map(propagateBreaks).some(Boolean);
  const d = doc as Exclude<Doc, string | readonly Doc[]>;
  switch (d.kind) {
    case 'group': {
      if (d.states !== undefined) {
        d.states.forEach(propagateBreaks);
        return d.shouldBreak;
      }
      if (propagateBreaks(d.contents)) d.shouldBreak = true;
      return d.shouldBreak;
    }
    case 'break-parent':
      return true;
    case 'line':
      return false;
    case 'indent':
    case 'indent-if-break':
      return propagateBreaks(d.contents);
    case 'if-break':
      return [propagateBreaks(d.broken), propagateBreaks(d.flat)].some(Boolean);
  }
}

type Mode = 'break' | 'flat';
interface Command {
  readonly indent: string;
  readonly mode: Mode;
  readonly doc: Doc;
}

/** Whether `next` and what follows it, up to the first line break, fit in `width` columns. */
function fits(next: Command, rest: readonly Command[], width: number): boolean {
  let restIndex = rest.length;
  const stack: { mode: Mode; doc: Doc }[] = [{ mode: next.mode, doc: next.doc }];
  let remaining = width;
  while (remaining >= 0) {
    const item = stack.pop();
    if (item === undefined) {
      if (restIndex === 0) return true;
      const r = rest[--restIndex] as Command;
      stack.push({ mode: r.mode, doc: r.doc });
      continue;
    }
    const { mode, doc } = item;
    if (typeof doc === 'string') remaining -= textWidth(doc);
    else if (Array.isArray(doc)) for (let i = doc.length - 1; i >= 0; i--) stack.push({ mode, doc: doc[i] as Doc });
    else {
      const d = doc as Exclude<Doc, string | readonly Doc[]>;
      switch (d.kind) {
        case 'group': {
          const groupMode: Mode = d.shouldBreak ? 'break' : mode;
          stack.push({ mode: groupMode, doc: d.states !== undefined && groupMode === 'break' ? (d.states.at(-1) as Doc) : d.contents });
          break;
        }
        case 'indent':
          stack.push({ mode, doc: d.contents });
          break;
        case 'indent-if-break':
          stack.push({ mode, doc: d.contents });
          break;
        case 'if-break':
          stack.push({ mode, doc: mode === 'break' ? d.broken : d.flat });
          break;
        case 'line':
          if (mode === 'break' || d.hard) return true;
          if (!d.soft) remaining -= 1;
          break;
        case 'break-parent':
          break;
      }
    }
  }
  return false;
}

export function print(doc: Doc): string {
  propagateBreaks(doc);
  const modes = new Map<symbol, Mode>();
  const out: string[] = [];
  let column = 0;
  const stack: Command[] = [{ indent: '', mode: 'break', doc }];
  for (let command = stack.pop(); command !== undefined; command = stack.pop()) {
    const { indent: at, mode, doc: d } = command;
    if (typeof d === 'string') {
      out.push(d);
      column += textWidth(d);
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push({ indent: at, mode, doc: d[i] as Doc });
      continue;
    }
    const node = d as Exclude<Doc, string | readonly Doc[]>;
    switch (node.kind) {
      case 'group': {
        let chosen: Command;
        if (mode === 'flat') chosen = { indent: at, mode: node.shouldBreak ? 'break' : 'flat', doc: node.contents };
        else {
          const flat: Command = { indent: at, mode: 'flat', doc: node.contents };
          if (!node.shouldBreak && fits(flat, stack, WIDTH - column)) chosen = flat;
          else if (node.states === undefined) chosen = { indent: at, mode: 'break', doc: node.contents };
          else chosen = chooseState(node.states, node.shouldBreak, at, stack, WIDTH - column);
        }
        stack.push(chosen);
        if (node.id !== undefined) modes.set(node.id, chosen.mode);
        break;
      }
      case 'indent':
        stack.push({ indent: `${at}  `, mode, doc: node.contents });
        break;
      case 'indent-if-break':
        stack.push({ indent: modes.get(node.group) === 'break' ? `${at}  ` : at, mode, doc: node.contents });
        break;
      case 'if-break':
        stack.push({ indent: at, mode, doc: mode === 'break' ? node.broken : node.flat });
        break;
      case 'line':
        if (mode === 'flat' && !node.hard) {
          if (!node.soft) {
            out.push(' ');
            column += 1;
          }
        } else {
          // A new line drops the trailing spaces before it, as prettier's trim does.
          while (out.length > 0 && / +$/.test(out[out.length - 1] as string)) {
            const last = (out.pop() as string).replace(/ +$/, '');
            if (last !== '') {
              out.push(last);
              break;
            }
          }
          out.push(`\n${at}`);
          column = at.length;
        }
        break;
      case 'break-parent':
        break;
    }
  }
  return out.join('');
}

function chooseState(states: readonly Doc[], shouldBreak: boolean, at: string, rest: readonly Command[], width: number): Command {
  const last = states.at(-1) as Doc;
  if (shouldBreak) return { indent: at, mode: 'break', doc: last };
  for (const state of states.slice(1)) {
    const command: Command = { indent: at, mode: 'flat', doc: state };
    if (fits(command, rest, width)) return command;
  }
  return { indent: at, mode: 'break', doc: last };
}
