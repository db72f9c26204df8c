/**
 * Preloaded into the simulator process by `bench/sim.ts` (`node --import tsx --import bench/_peak-rss.ts …`): when
 * the process exits it writes its own peak RSS (`process.resourceUsage().maxRSS`, every platform) as one JSON line
 * to file descriptor 3, a pipe the bench opened. Not a benchmark (the runner skips files starting with `_`).
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${JSON.stringify({ peakRssKb: process.resourceUsage().maxRSS })}\n`);
  } catch {
    // No pipe on fd 3 (started some other way): nothing to report to.
  }
});
