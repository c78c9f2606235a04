// `npm run bench`: prints figures; nothing here asserts. Run after `next build`.
import { benchEngineInsert } from "./engine-bench";
import { benchDecode, benchIngest } from "./ingest-bench";
import { benchIngestLog } from "./log-bench";
import { benchPoisonedFlush } from "./poison-bench";
import { benchRedaction } from "./redact-bench";
import { benchRetention } from "./retention-bench";
import { benchBigTraceList, benchScaleReads, benchTraceReads, type Latency } from "./traces-bench";
import { benchUsageCounting } from "./usage-counting-bench";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

// `npm run bench -- big-traces` runs one section (ingest, reads, big-traces); no argument runs all.
const only = process.argv[2];
const runs = (section: string) => only === undefined || only === section;

async function main() {
  if (runs("ingest")) await ingestSection();
  if (runs("reads")) await readsSection();
  if (runs("big-traces")) await bigTracesSection();
}

async function ingestSection() {
  console.log("== ingest ==");
  const decode = benchDecode();
  console.log(`protobuf decode alone:               ${fmt(decode.spansPerSecond)} spans/s`);
  // Flushes hold about 2,000 spans at this load: 8 requests of 500 in flight, about half of them
  // waiting while the other half is written.
  for (const u of benchUsageCounting()) {
    console.log(
      `usage counted once, ${u.shape.padEnd(25)} ${u.countingUs.toFixed(1)} us/span deciding aggregates, usage rows ${u.usageRowsUs.toFixed(1)} us/span (${u.usageRowsWithoutRuleUs.toFixed(1)} without the rule)`,
    );
  }
  for (const r of benchRedaction())
    console.log(`redaction, ${r.shape.padEnd(36)} ${r.rules.padEnd(15)} ${r.usPerSpan.toFixed(1)} us/span`);
  const engine = await benchEngineInsert(200_000, 2_000);
  console.log(`engine INSERT ... SELECT (same rows): ${fmt(engine.rowsPerSecond)} rows/s`);
  console.log(
    `  the same in 2,000-row statements:  ${fmt(engine.flushRowsPerSecond)} rows/s (${(engine.flushRowsPerSecond / engine.rowsPerSecond).toFixed(2)} of it: the engine alone at ingest's flush size)`,
  );
  const poison = await benchPoisonedFlush();
  console.log(
    `one flush of ${poison.requests} requests (${fmt(poison.spans)} spans): ${poison.cleanMs.toFixed(0)} ms clean, ${poison.poisonedMs.toFixed(0)} ms with one request the store refuses (isolated by halving)`,
  );
  let sustained = 0;
  for (const inFlight of [8, 64]) {
    const log = await benchIngestLog({ inFlight });
    if (inFlight === 8) sustained = log.appliedPerSecond;
    console.log(
      `ingest log in process, ${String(inFlight).padStart(2)} in flight:   ${fmt(log.acknowledgedPerSecond)} acknowledged spans/s, ${fmt(log.appliedPerSecond)} applied (${(log.appliedPerSecond / engine.rowsPerSecond).toFixed(2)} of the engine); ack -> applied p50 ${fmt(log.ackToAppliedMs.p50)} ms, p99 ${fmt(log.ackToAppliedMs.p99)} ms`,
    );
    if (inFlight === 8) {
      console.log(
        `  log record (head JSON + RowBinary rows): ${log.entryBytesPerSpan.toFixed(0)} bytes and ${log.encodeUsPerSpan.toFixed(1)} us per span to encode; process CPU ${log.cpuUsPerSpan.toFixed(0)} us per span from decode to applied`,
      );
      const b = log.lastBatch;
      if (b)
        console.log(
          `  last batch: ${fmt(b.rows)} spans, lookup + prepared ${fmt(b.prepareMs)} ms, spans insert ${fmt(b.spansMs)} ms, other tables + checkpoint ${fmt(b.otherTablesMs)} ms`,
        );
    }
  }
  // Readability at half the sustained rate: each request's time from its 200 to applied (readable), ~12 s of traffic.
  const half = sustained / 2;
  const paced = await benchIngestLog({
    pacedSpansPerSecond: half,
    requests: Math.max(20, Math.round((half * 12) / 500)),
  });
  console.log(
    `ack -> visible at half the sustained rate (${fmt(half)} spans/s, in process): p50 ${fmt(paced.ackToAppliedMs.p50)} ms, p99 ${fmt(paced.ackToAppliedMs.p99)} ms (target p99 <= 1,000 ms)`,
  );
  // Throughput and CPU with ingest alone; then the same load with a dashboard user reading
  // meanwhile, for the reads' latency (their CPU would otherwise count as ingest's).
  const ingest = await benchIngest({
    requests: 320,
    spansPerRequest: 500,
    inFlight: 8,
    port: Number(process.env.BENCH_PORT ?? 3290),
    readWhileIngesting: false,
  });
  console.log(
    `end to end, 500-span protobuf requests, 8 in flight: ${fmt(ingest.spansPerSecond)} acknowledged spans/s (${fmt(ingest.acknowledged)} spans in ${ingest.seconds.toFixed(1)} s)`,
  );
  console.log(
    `  applied (readable):                 ${fmt(ingest.appliedSpansPerSecond)} spans/s (all applied ${ingest.appliedSeconds.toFixed(1)} s after the start; ${ingest.retried} requests told to retry)`,
  );
  console.log(
    `ratio end to end / engine:           ${(ingest.spansPerSecond / engine.rowsPerSecond).toFixed(2)} acknowledged, ${(ingest.appliedSpansPerSecond / engine.rowsPerSecond).toFixed(2)} applied (target >= 0.20, goal 0.40)`,
  );
  const saturated = await benchIngest({
    requests: 320,
    spansPerRequest: 500,
    inFlight: 64,
    port: Number(process.env.BENCH_PORT ?? 3290),
    readWhileIngesting: true,
  });
  console.log(
    `end to end, 64 in flight, a dashboard user reading: ${fmt(saturated.spansPerSecond)} acknowledged, ${fmt(saturated.appliedSpansPerSecond)} applied spans/s (${saturated.retried} requests told to retry)`,
  );
  console.log(
    `server peak RSS under load:          ${fmt(ingest.peakRssMb)} MB with 8 in flight, ${fmt(saturated.peakRssMb)} MB with 64 and reads (target < 1,024 MB); first start on an empty data directory ${fmt(ingest.startupPeakRssMb)} MB`,
  );
  const r = saturated.readsWhileIngesting;
  console.log(
    `reads while ingest is saturated:     trace list p50 ${fmt(r.list.p50)} / p95 ${fmt(r.list.p95)} ms, cost tile p50 ${fmt(r.cost.p50)} / p95 ${fmt(r.cost.p95)} ms (${r.list.n} + ${r.cost.n} reads; target p95 <= 1,000 ms)`,
  );
  const cpuTotal = ingest.cpu.reduce((sum, t) => sum + t.usPerSpan, 0);
  console.log(
    `server CPU per span (ingest alone):  ${cpuTotal.toFixed(0)} us (${((cpuTotal * ingest.appliedSpansPerSecond) / 1e6).toFixed(2)} cores busy on average until applied)`,
  );
  for (const t of ingest.cpu) console.log(`  ${t.kind.padEnd(36)}${t.usPerSpan.toFixed(0).padStart(5)} us`);
}

const show = (l: Latency) => `median ${l.median.toFixed(1)}, p95 ${l.p95.toFixed(1)}`;

const sessionLine = (spans: number, r: Awaited<ReturnType<typeof benchScaleReads>>) =>
  `${fmt(spans)} spans (${fmt(spans / 10)} sessions): sessions ${show(r.sessions)} | with a failed turn ${show(r.failedSessions)} | one user's ${show(r.userSessions)} | one session ${show(r.session)} | end users ${show(r.users)} (target p95 <= 300 ms)`;

async function readsSection() {
  console.log("\n== trace explorer and cost reads, through the API (ms) ==");
  const results: Record<string, Awaited<ReturnType<typeof benchTraceReads>>> = {};
  for (const spans of [200_000, 2_000_000]) {
    const r = await benchTraceReads({ spans, port: Number(process.env.BENCH_PORT ?? 3290) + 1, samples: 40 });
    results[spans] = r;
    console.log(`${fmt(spans)} spans: list ${show(r.list)} | failures ${show(r.failures)} | detail ${show(r.detail)}`);
    console.log(
      `${fmt(spans)} spans: cost by tenant x feature x model, 30 days ${show(r.cost)} | margins, this month ${show(r.margins)}`,
    );
    console.log(
      `${fmt(spans)} spans: overview 24h ${show(r.overview24h)} | overview 30d ${show(r.overview30d)} (target p95 <= 300 ms)`,
    );
    console.log(sessionLine(spans, r));
  }
  // The overview's and the conversations' scale: 10M spans, 1M sessions; those reads only.
  const scale = await benchScaleReads({
    spans: 10_000_000,
    port: Number(process.env.BENCH_PORT ?? 3290) + 3,
    samples: 40,
  });
  console.log(
    `${fmt(10_000_000)} spans: overview 24h ${show(scale.overview24h)} | overview 30d ${show(scale.overview30d)} (target p95 <= 300 ms)`,
  );
  console.log(sessionLine(10_000_000, scale));
  const small = results[200_000]!;
  const large = results[2_000_000]!;
  for (const key of ["list", "failures", "detail"] as const) {
    console.log(`p95 growth ${key}: ${(large[key].p95 / small[key].p95).toFixed(2)}x (target < 2x, p95 < 300 ms)`);
  }
  for (const key of ["cost", "margins"] as const) {
    console.log(`p95 growth ${key}: ${(large[key].p95 / small[key].p95).toFixed(2)}x (target < 2x, p95 < 200 ms)`);
  }

  console.log("\n== retention and deletion, 4 projects x 250,000 spans over 30 days (ms) ==");
  const retention = await benchRetention(250_000);
  for (const [name, figure] of Object.entries(retention))
    console.log(`${name.padEnd(24)} ${figure.ms.toFixed(0).padStart(6)}  ${JSON.stringify(figure.result)}`);
}

async function bigTracesSection() {
  console.log("\n== trace list over big traces (200 to 4,000 spans each), through the API (ms) ==");
  const r = await benchBigTraceList({
    spans: 1_000_000,
    port: Number(process.env.BENCH_PORT ?? 3290) + 2,
    samples: 40,
  });
  console.log(
    `${fmt(r.spans)} spans in ${fmt(r.traces)} traces; event-loop delay with no request for 5 s: max ${r.idle.maxMs.toFixed(1)}, p99 ${r.idle.p99Ms.toFixed(1)}`,
  );
  for (const [name, p, target] of [
    ["limit=50", r.list50, 300],
    ["limit=500", r.list500, 1000],
  ] as const) {
    console.log(
      `list ${name.padEnd(9)} ${show(p)} (target p95 <= ${target} ms) | event-loop delay max ${p.loop.maxMs.toFixed(1)}, p99 ${p.loop.p99Ms.toFixed(1)} (target < 100 ms) | store-free route max ${p.probeMaxMs.toFixed(1)}`,
    );
  }
  console.log(`server RSS before the list reads ${fmt(r.rssBeforeMb)} MB, peak ${fmt(r.rssPeakMb)} MB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
