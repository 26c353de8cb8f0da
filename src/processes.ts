// Whether a process still runs, for files a process leaves behind when it is killed (the store's
// lock owner, an import's scratch directory). In: a process id. Out: true or false.

/** True when a process with this id runs on this host (as any user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
