// `flokit-gen serve`: runs the local collector until Ctrl-C, printing a line per event (only the
// invalid ones with --quiet) and every reload of the plan. In: flags, a stop signal. Out: an exit code.
import { isIP } from 'node:net';
import { relative, resolve } from 'node:path';
import { startCollector, TaxonomyError, type Diagnostic, type StoredEvent } from '../index.js';
import { EXIT_INVALID, EXIT_OK, paint, plural, printDiagnostics, shown, type Io } from './io.js';
import type { PathFlags } from './paths.js';

export interface ServeFlags extends Omit<PathFlags, 'out'> {
  readonly port: string;
  readonly host: string;
  readonly store: string;
  readonly reset?: boolean;
  readonly apiKey?: string;
  readonly acceptInvalid?: boolean;
  readonly rateLimit?: string;
  readonly quiet?: boolean;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Diagnostics name files as the user would type them from where they ran the command. */
function located(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, file: relative(process.cwd(), d.file) || d.file }));
}

function line(io: Io, e: StoredEvent): string {
  const time = paint(io, 'dim', e.received_at.slice(11, 23));
  const who = e.user_id ?? e.anonymous_id ?? '(no id)';
  if (e.valid) return `${time} ${paint(io, 'green', 'ok')}      ${e.event ?? '(no event)'} ${who} ${paint(io, 'dim', e.event_id)}`;
  const verdict = e.accepted ? 'invalid (accepted)' : 'invalid (rejected)';
  return `${time} ${paint(io, 'red', verdict)} ${e.event ?? '(no event)'} ${who} ${paint(io, 'dim', e.event_id)}\n${e.violations.map((v) => `    ${v.path === '' ? '(the event)' : v.path} ${v.message}`).join('\n')}`;
}

export async function serveCommand(flags: ServeFlags, io: Io, signal: AbortSignal): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`flokit-gen: --port must be a port number (0-65535), not ${JSON.stringify(flags.port)}`);
    return EXIT_INVALID;
  }
  const rateLimit = flags.rateLimit === undefined ? undefined : Number(flags.rateLimit);
  if (rateLimit !== undefined && (!Number.isInteger(rateLimit) || rateLimit < 1)) {
    io.err(`flokit-gen: --rate-limit must be a whole number of requests per minute, not ${JSON.stringify(flags.rateLimit)}`);
    return EXIT_INVALID;
  }
  if (!isLoopback(flags.host)) io.err(`${paint(io, 'yellow', 'warning:')} listening on ${flags.host}: other machines can send events and read every stored event through the unauthenticated /api/ and the web view.`);
  const cwd = resolve(flags.cwd ?? '.');
  let collector;
  try {
    collector = await startCollector({
      cwd,
      store: flags.store,
      port,
      host: flags.host,
      ...(flags.taxonomy === undefined ? {} : { taxonomy: flags.taxonomy }),
      ...(flags.apiKey === undefined ? {} : { apiKey: flags.apiKey }),
      ...(rateLimit === undefined ? {} : { rateLimit }),
      reset: flags.reset === true,
      acceptInvalid: flags.acceptInvalid === true,
      onEvent: (e) => {
        if (!e.valid || flags.quiet !== true) void io.out(line(io, e));
      },
      onReload: (result) => {
        if ('error' in result) io.err(`${paint(io, 'red', 'error')}: the taxonomy could not be reloaded (${result.error.message}); the collector keeps the last good plan.`);
        else if ('diagnostics' in result) {
          printDiagnostics(io, located(result.diagnostics));
          io.err(`${plural(result.diagnostics.length, 'problem')} in the taxonomy; the collector keeps the last good plan.`);
        } else if (flags.quiet !== true) void io.out(`the plan changed: ${result.taxonomy.name} ${result.taxonomy.version}, ${plural(result.taxonomy.events.length, 'event')}; it applies to the next event.`);
      },
    });
  } catch (error) {
    if (error instanceof TaxonomyError) {
      printDiagnostics(io, located(error.diagnostics));
      io.err(`\n${plural(error.diagnostics.length, 'problem')} in the taxonomy; the collector did not start.`);
      return EXIT_INVALID;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      io.err(`flokit-gen: port ${port} on ${flags.host} is in use: pass --port <another>, or --port 0 for any free one.`);
      return EXIT_INVALID;
    }
    throw error;
  }
  const { total } = collector.summary();
  if (flags.quiet !== true) {
    await io.out(`FloKit collector on ${collector.url}: point the client's baseUrl at it; the web view is at ${collector.url}/ (Ctrl-C to stop)`);
    await io.out(`events are kept in ${shown(collector.storeFile)} (${plural(total, 'event')} so far${flags.reset === true ? ', after --reset' : ''}).`);
  }
  await new Promise<void>((done) => (signal.aborted ? done() : signal.addEventListener('abort', () => done(), { once: true })));
  await collector.close();
  if (flags.quiet !== true) await io.out('stopped.');
  return EXIT_OK;
}
