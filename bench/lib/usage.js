// `node --import ./bench/lib/usage.js <script>`: at exit, writes the process's peak RSS (KiB) and its
// CPU time (user and system, µs) as JSON to $FLOKIT_BENCH_USAGE_FILE. CPU time gives a rate that
// does not depend on how busy the machine is; the wall-clock rate is reported beside it.
import { writeFileSync } from 'node:fs';

const file = process.env.FLOKIT_BENCH_USAGE_FILE;
if (file !== undefined && file !== '') {
  process.on('exit', () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
  });
}
