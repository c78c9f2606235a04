// The crash tests' server process: the real ingest path (traces signal → ingest log → applier
// → chdb) in its own DATA_DIR, behind a bare HTTP server, so that the test can SIGKILL it (or
// have it kill itself at INGEST_CRASH_AT) and start it again on the same directory. The applier
// starts when the test says so (POST /apply), so that each crash point is reached with the
// test's acknowledged requests in the log. Run with tsx --conditions=react-server.
import http from "node:http";
import path from "node:path";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { env } from "@/lib/config/env";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql } from "@/lib/clickhouse/sql";
import { IngestPipeline } from "../ingest-log";
import { ingestFailure } from "../../pipeline/errors";
import { tracesSignal } from "../../pipeline/traces-signal";

export const CRASH_PROJECT = "crash-test";

export type CrashCounts = {
  spanRows: number;
  distinctSpans: number;
  spanIds: string[];
  countedTokens: number;
  tracesTokens: number;
  tracesSpans: number;
  traceUsageTokens: number;
  hourlyTokens: number;
  dailyTokens: number;
  hourlyTotalsTokens: number;
  dailyTotalsTokens: number;
};

async function counts(): Promise<CrashCounts> {
  const one = async (query: ReturnType<typeof sql>) =>
    (await queryRows<{ n: number }>({ projectId: CRASH_PROJECT, tag: "test.crash", query }))[0]?.n ?? 0;
  const ids = await queryRows<{ span_id: string }>({
    projectId: CRASH_PROJECT,
    tag: "test.crash",
    query: sql`SELECT span_id FROM ${tables.spans} WHERE ${tables.spans.scope} ORDER BY span_id`,
  });
  return {
    spanRows: ids.length,
    distinctSpans: new Set(ids.map((r) => r.span_id)).size,
    spanIds: [...new Set(ids.map((r) => r.span_id))],
    countedTokens: await one(
      sql`SELECT toInt64(sum(input_tokens)) AS n FROM ${tables.spans} WHERE ${tables.spans.scope} AND usage_counted = 1`,
    ),
    tracesTokens: await one(
      sql`SELECT toInt64(sum(input_tokens)) AS n FROM ${tables.traces} WHERE ${tables.traces.scope}`,
    ),
    tracesSpans: await one(
      sql`SELECT toInt64(sum(span_count)) AS n FROM ${tables.traces} WHERE ${tables.traces.scope}`,
    ),
    traceUsageTokens: await one(
      sql`SELECT toInt64(sum(input_tokens)) AS n FROM ${tables.trace_usage} WHERE ${tables.trace_usage.scope}`,
    ),
    hourlyTokens: await one(
      sql`SELECT toInt64(sum(input_tokens)) AS n FROM ${tables.usage_hourly} WHERE ${tables.usage_hourly.scope}`,
    ),
    dailyTokens: await one(
      sql`SELECT toInt64(sum(input_tokens)) AS n FROM ${tables.usage_daily} WHERE ${tables.usage_daily.scope}`,
    ),
    hourlyTotalsTokens: await one(
      sql`SELECT toInt64(sum(input_tokens)) AS n FROM ${tables.usage_hourly_totals} WHERE ${tables.usage_hourly_totals.scope}`,
    ),
    dailyTotalsTokens: await one(
      sql`SELECT toInt64(sum(input_tokens)) AS n FROM ${tables.usage_daily_totals} WHERE ${tables.usage_daily_totals.scope}`,
    ),
  };
}

async function main(): Promise<void> {
  await migrateClickHouse((await clickhouse()).client);
  const pipeline = await IngestPipeline.open({
    dir: path.join(env().dataDir, "ingest-log"),
    ...env().ingestLog,
    startApplier: false,
  });
  // The signals reach the pipeline through the process singleton.
  (globalThis as { __ingestPipeline?: Promise<IngestPipeline> }).__ingestPipeline = Promise.resolve(pipeline);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = async (): Promise<[number, unknown]> => {
        if (req.url === "/ingest") {
          try {
            return [200, await tracesSignal.ingest(CRASH_PROJECT, Buffer.concat(chunks), "json")];
          } catch (error) {
            return [ingestFailure(error).httpStatus, { message: (error as Error).message }];
          }
        }
        if (req.url === "/apply") {
          pipeline.applier.start();
          return [200, {}];
        }
        if (req.url === "/check") {
          pipeline.applier.start();
          await pipeline.waitApplied();
          return [200, await counts()];
        }
        return [404, {}];
      };
      void answer().then(
        ([status, body]) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body)),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address() as { port: number };
    process.stdout.write(`ready ${address.port}\n`);
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
