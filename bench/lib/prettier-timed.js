// prettier, with `format` timed: globalThis.__benchFormat holds the wall time (ms) during which at
// least one format call was in flight (overlapping calls are not counted twice) and the call count.
// When the stage runner offers globalThis.__benchMem ({ read, reset } of the RSS high-water mark),
// the peak RSS while formatting is kept apart from the peak of the code around the call. `windows`
// are the formatting intervals on process.hrtime's clock (µs), for splitting CPU profiles.
import * as real from 'prettier';

const stats = (globalThis.__benchFormat ??= { ms: 0, calls: 0, inputBytes: 0, peakKiB: 0, peakBeforeKiB: 0, windows: [] });
const nowUs = () => Number(process.hrtime.bigint() / 1000n); // the clock of --cpu-prof
let sinceUs = 0;
let active = 0;
let since = 0;

export async function format(source, options) {
  stats.calls++;
  stats.inputBytes += Buffer.byteLength(source);
  const mem = globalThis.__benchMem;
  if (active++ === 0) {
    if (mem !== undefined) {
      stats.peakBeforeKiB = Math.max(stats.peakBeforeKiB, mem.read());
      mem.reset();
    }
    since = performance.now();
    sinceUs = nowUs();
  }
  try {
    return await real.format(source, options);
  } finally {
    if (--active === 0) {
      stats.ms += performance.now() - since;
      stats.windows.push({ startUs: sinceUs, endUs: nowUs() });
      if (mem !== undefined) {
        stats.peakKiB = Math.max(stats.peakKiB, mem.read());
        mem.reset();
      }
    }
  }
}

export * from 'prettier';
export default { ...real.default, format };
