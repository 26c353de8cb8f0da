// Spawning real processes for the CLI and README tests: the built binary (`bin/flokit-gen.js` →
// `dist/`, which `npm test` builds once before any test runs; the tests never build) or any other
// command, with captured output, optional stdin, a clean environment, and long-running children
// (watch) that tests poll rather than sleep on.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/spawn.ts). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'flokit-gen.js');

let built = false;

/**
 * Throws, saying to run `npm run build`, unless dist/ holds a build of every source of src/ and
 * templates/ no older than the source: a test of the built CLI (or of the packed package) run on
 * its own after an edit would otherwise test the code before the edit. Checked once per process.
 */
export function assertBuilt(): void {
  if (built) return;
  const stale: string[] = [];
  for (const dir of ['src', 'templates']) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
      const source = join(ROOT, dir, file);
      const output = join(ROOT, 'dist', dir, file.replace(/\.ts$/, '.js'));
      let outputTime: number;
      try {
        outputTime = statSync(output).mtimeMs;
      } catch {
        outputTime = -1;
      }
      if (outputTime < statSync(source).mtimeMs) stale.push(`${dir}/${file}`);
    }
  }
  if (stale.length > 0) {
    throw new Error(`dist/ is missing or older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ` and ${stale.length - 3} more` : ''}: run \`npm run build\` (\`npm test\` builds before it tests)`);
  }
  built = true;
}

export interface Run {
  /** The exit code, or null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  /** Written to stdin, which is then closed. Without it stdin is closed at once. */
  readonly input?: string;
  /** Added to the environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The process is killed (SIGKILL) after this long. Default 60 s. */
  readonly timeoutMs?: number;
  /**
   * Runs the child in its own process group, and a timeout kills the whole group: for scripts whose
   * own children (npm, vitest) must not outlive them.
   */
  readonly group?: boolean;
}

/**
 * The environment children run in: this process's, without what would change how the CLI talks
 * (colour switches, FLOKIT_DEBUG) and with NO_COLOR=1 unless `overrides` says otherwise.
 */
export function childEnv(overrides: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'FLOKIT_DEBUG']) delete env[name];
  env['NO_COLOR'] = '1';
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Runs `command args` to completion and collects both streams. */
export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<Run> {
  return new Promise((done, fail) => {
    const group = options.group === true && process.platform !== 'win32';
    const child = spawn(command, [...args], { cwd: options.cwd, env: childEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'], detached: group });
    const kill = (): void => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A child that exits before reading its input closes the pipe: not our failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(kill, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** Runs the built CLI (`node bin/flokit-gen.js ...args`). */
export function runCli(args: readonly string[], options: RunOptions): Promise<Run> {
  assertBuilt();
  return runProcess(process.execPath, [BIN, ...args], options);
}

/** A CLI process that keeps running (watch): its output so far, polling, and a way to stop it. */
export interface Running {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /**
   * Resolves once `ready(stdout, stderr)` holds, polling every 50 ms; rejects, with the output so
   * far, when the process exits first or `timeoutMs` passes.
   */
  waitFor(what: string, ready: (stdout: string, stderr: string) => boolean, timeoutMs?: number): Promise<void>;
  /** Settles when the process has exited. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGINT) and waits for the exit; SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

export function startCli(args: readonly string[], options: Omit<RunOptions, 'input' | 'timeoutMs'>): Running {
  assertBuilt();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: childEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('close', (code, signal) => {
      exit = { code, signal };
      done(exit);
    });
    child.on('error', () => {
      exit = { code: null, signal: null };
      done(exit);
    });
  });
  const output = (): string => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor(what, ready, timeoutMs = 20_000) {
      return new Promise((done, fail) => {
        const deadline = Date.now() + timeoutMs;
        const poll = (): void => {
          if (ready(stdout, stderr)) return done();
          if (exit !== undefined) return fail(new Error(`exited (${exit.code ?? exit.signal}) before: ${what}\n${output()}`));
          if (Date.now() > deadline) return fail(new Error(`timed out after ${timeoutMs} ms waiting for: ${what}\n${output()}`));
          setTimeout(poll, 50);
        };
        poll();
      });
    },
    async stop(signal = 'SIGINT', timeoutMs = 20_000) {
      if (exit === undefined) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
