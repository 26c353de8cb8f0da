// Regenerate on every change to the taxonomy: generate once, then watch the taxonomy's directory
// (editors save by replacing files, and new files may be added to a taxonomy directory), debounce
// bursts of events, and regenerate with the parse cache kept between runs (only edited files, or the
// edited event of a file, are parsed again; see bench/README.md for what it buys). A broken
// edit reports its diagnostics and leaves the last good output in place. The configured docs are
// written after the output (listed in its manifest). In: paths, a signal to stop, a callback. Out:
// one event per run; the promise settles when the signal aborts.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import type { LoadCache } from './load/index.js';
import type { Taxonomy } from './model/ir.js';
import { OutputMemory, writeDocsFiles, writeFiles, type DocsFile, type WriteReport } from './output.js';
import { EmitMemo, type JavaScriptModule } from './generate.js';
import { IrMemo } from './model/build-ir.js';
import { buildOutput } from './pipeline.js';

export type WatchEvent =
  | { readonly kind: 'generated'; readonly taxonomy: Taxonomy; readonly report: WriteReport; readonly docs?: { readonly files: readonly DocsFile[]; readonly written: readonly string[] }; readonly ms: number }
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[]; readonly ms: number }
  | { readonly kind: 'failed'; readonly error: Error; readonly ms: number };

export interface WatchOptions {
  readonly taxonomy: string;
  readonly out: string;
  /** JavaScript with .d.ts files (ES modules or CommonJS) instead of TypeScript. */
  readonly javascript?: JavaScriptModule;
  /** Stops watching; the returned promise then resolves. */
  readonly signal: AbortSignal;
  readonly onEvent: (event: WatchEvent) => void;
  /** The docs the config asks for (see BuildOutputOptions.docs): written after the output. */
  readonly docs?: (taxonomy: Taxonomy) => readonly DocsFile[];
  /** Quiet time after the last file event before regenerating. Default 100 ms. */
  readonly debounceMs?: number;
}

/** Generates now and after every change until `signal` aborts. */
export async function watchTaxonomy(options: WatchOptions): Promise<void> {
  const loadCache: LoadCache = new Map();
  // Kept between runs: parses, built events, emitted pieces, the output's hashes (bench/README.md: what each buys).
  const memo = new EmitMemo();
  const irMemo = new IrMemo();
  const output = new OutputMemory();
  let running: Promise<void> | undefined;
  let again = false;

  const run = async (): Promise<void> => {
    const started = performance.now();
    const ms = (): number => Math.round(performance.now() - started);
    try {
      const { javascript, docs } = options;
      const built = buildOutput(options.taxonomy, options.out, { loadCache, irMemo, memo, output, ...(javascript === undefined ? {} : { javascript }), ...(docs === undefined ? {} : { docs }) });
      if (built.taxonomy === undefined || built.files === undefined) return options.onEvent({ kind: 'invalid', diagnostics: built.diagnostics, ms: ms() });
      const report = writeFiles(options.out, built.files, output);
      const written = built.docs === undefined ? undefined : { files: built.docs, written: writeDocsFiles(built.docs) };
      options.onEvent({ kind: 'generated', taxonomy: built.taxonomy, report, ...(written === undefined ? {} : { docs: written }), ms: ms() });
    } catch (error) {
      options.onEvent({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)), ms: ms() });
    }
  };

  // One run at a time; changes during a run cause exactly one more.
  const schedule = (): void => {
    if (running !== undefined) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = undefined;
      if (again && !options.signal.aborted) {
        again = false;
        schedule();
      }
    });
  };

  let isDirectory = false;
  try {
    isDirectory = statSync(options.taxonomy).isDirectory();
  } catch {
    // Missing: the first run reports it; watch the directory it would be in.
  }
  const directory = isDirectory ? options.taxonomy : dirname(options.taxonomy);
  const relevant = (name: string | null): boolean => name === null || (isDirectory ? /\.ya?ml$/i.test(name) : name === basename(options.taxonomy));

  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(directory, (_, name) => {
      if (!relevant(name === null ? null : String(name))) return;
      clearTimeout(timer);
      timer = setTimeout(schedule, options.debounceMs ?? 100);
    });
  } catch (error) {
    options.onEvent({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)), ms: 0 });
  }
  // Watching starts before the first run: generation is synchronous, and an edit made while it runs
  // (a caller that edits as soon as the first run is reported) must not fall between the two.
  schedule();
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) return resolve();
    options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  watcher?.close();
  await running;
}
