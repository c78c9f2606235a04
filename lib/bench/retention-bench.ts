import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedSpansSql } from "./seed-spans";

const PROJECTS = ["bench-a", "bench-b", "bench-c", "bench-d"];
const KEEP = { spanDays: null, payloadDays: null, logDays: null, metricDays: null, scoreDays: null, costDays: null };

/**
 * The retention pass and the project purge on `spansPerProject` synthetic spans (30 days) in
 * each of four projects, in a fresh embedded engine: what a changed setting costs the request.
 */
export async function benchRetention(spansPerProject: number) {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "obs-retention-"));
  (await import("@/lib/config/env")).reloadEnv();
  const { clickhouse, closeClickHouse } = await import("@/db/clickhouse/client");
  const { migrateClickHouse } = await import("@/db/clickhouse/migrate");
  const { applyRetention } = await import("@/lib/retention/apply-retention");
  const { purgeProjectRows } = await import("@/lib/retention/purge-project-rows");
  const { client } = await clickhouse();
  await migrateClickHouse(client);
  for (const p of PROJECTS)
    await client.command({
      query: seedSpansSql(p, spansPerProject),
      clickhouse_settings: { max_insert_block_size: "200000" },
    });
  const timed = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    const result = await run();
    return { ms: performance.now() - started, result };
  };
  const figures = {
    halfTheSpans: await timed(() => applyRetention("bench-a", { ...KEEP, spanDays: 15 })),
    payloadsOlderThan5Days: await timed(() => applyRetention("bench-b", { ...KEEP, payloadDays: 5 })),
    nothingToRemove: await timed(() =>
      applyRetention("bench-c", { ...KEEP, spanDays: 60, payloadDays: 60, logDays: 60, scoreDays: 60, costDays: 60 }),
    ),
    purgeProject: await timed(() => purgeProjectRows("bench-d")),
  };
  await closeClickHouse();
  await (await import("chdb")).drainPending();
  fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  return figures;
}
