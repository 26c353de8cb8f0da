// What every command needs to talk to the terminal: where output goes, whether it may be coloured,
// how paths are shown, and the exit codes. In: the process (or a test's stand-ins). Out: helpers.
import { relative } from 'node:path';
import type { Readable } from 'node:stream';
import { formatDiagnostic, type Diagnostic } from '../index.js';

export const EXIT_OK = 0;
/** Invalid input (taxonomy, config, payloads), stale output, or a failure to write. */
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
/** `import` stopped before the end (FloKit unreachable, key refused); `--resume` continues it. */
export const EXIT_UNFINISHED = 3;
/** Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it); `import --resume` continues. */
export const EXIT_INTERRUPTED = 130;

export interface Io {
  /** A line for stdout; a returned promise means "wait before writing more" (a full pipe). */
  out(line: string): void | Promise<void>;
  /** Text for stdout as is (no newline added), with the same backpressure. */
  write(text: string): void | Promise<void>;
  err(line: string): void;
  /** ANSI colour: only on a terminal, and never with NO_COLOR set. */
  readonly color: boolean;
  readonly stdin?: Readable;
}

const CODES = { red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], bold: [1, 22], dim: [2, 22] } as const;

export function paint(io: Io, style: keyof typeof CODES, text: string): string {
  const [open, close] = CODES[style];
  return io.color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
}

/** A path as the user would type it from where they ran the command. */
export function shown(path: string): string {
  return relative(process.cwd(), path) || '.';
}

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const text = formatDiagnostic(d);
    io.err(io.color ? text.replace(/ error ([a-z0-9-]+): /, ` ${paint(io, 'red', 'error')} ${paint(io, 'bold', '$1')}: `) : text);
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
