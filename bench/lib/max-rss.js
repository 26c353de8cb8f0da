// `node --import ./bench/lib/max-rss.js <script>`: at exit, writes the process's peak RSS in KiB
// (`process.resourceUsage().maxRSS`, the kernel's ru_maxrss) to $FLOKIT_BENCH_RSS_FILE. The bench
// uses it where /usr/bin/time is missing, for flokit-gen and the floor alike.
import { writeFileSync } from 'node:fs';

const file = process.env.FLOKIT_BENCH_RSS_FILE;
if (file !== undefined && file !== '') process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
