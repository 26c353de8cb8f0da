// `watch` must not outlive whoever started it: a build tool or `npx` killed without passing the
// signal on (SIGKILL, a crash) leaves its children running, reparented to init or a subreaper.
// On POSIX systems that reparenting changes our parent's pid, which this polls; a closed terminal
// sends SIGHUP. In: a callback. Out: the callback called once, when the parent has gone.

const POLL_MS = 500;

/** Calls `gone` once when the process that started this one exits (or the terminal hangs up). */
export function onParentExit(gone: () => void): void {
  let called = false;
  const once = (): void => {
    if (called) return;
    called = true;
    clearInterval(timer);
    gone();
  };
  process.once('SIGHUP', once);
  const parent = process.ppid;
  // Windows keeps a dead parent's pid as the ppid: only SIGHUP (a closed console) applies there.
  const timer = setInterval(() => {
    if (process.platform !== 'win32' && process.ppid !== parent) once();
  }, POLL_MS);
  // The poll alone never keeps the process alive.
  timer.unref();
}
