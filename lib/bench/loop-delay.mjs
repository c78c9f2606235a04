// @ts-check
// Preloaded into the bench's server process (node --import): measures its event-loop delay.
// SIGUSR2 writes the delay seen since the previous signal to $LOOP_DELAY_FILE, then starts anew.
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import process from "node:process";

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
let seq = 0;
/** @param {number} ns */
const ms = (ns) => ns / 1e6;
process.on("SIGUSR2", () => {
  seq += 1;
  const report = { seq, maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), meanMs: ms(histogram.mean) };
  // Written whole, then renamed: the bench never reads half a report.
  const file = String(process.env.LOOP_DELAY_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(report));
  fs.renameSync(`${file}.tmp`, file);
  histogram.reset();
});
