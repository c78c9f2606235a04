import { beforeAll, describe, expect, it } from "vitest";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { clickhouse } from "./client";
import { migrateClickHouse } from "./migrate";

// The ingest log's replay relies on the engine dropping a batch it committed already: a token
// per insert, a window on each table (migration 0014), and the views' targets deduplicated too.
const project = "dedup-test";
const count = async (query: string) => {
  const { client } = await clickhouse();
  return (await (await client.query({ query, format: "JSONEachRow" })).json<{ n: number }>())[0]!.n;
};

beforeAll(async () => migrateClickHouse((await clickhouse()).client));

describe("insert deduplication tokens", () => {
  it("drops a second insert with the same token, in the table and in its views' rollups", async () => {
    const trace = traceId();
    const month = 30 * 86_400_000; // two monthly partitions in one insert
    const spans = [0, month].map((age) => ({
      traceId: trace,
      spanId: spanId(),
      name: "llm",
      startMs: Date.now() - age,
      durationMs: 5,
      attributes: {
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 10,
        "gen_ai.usage.output_tokens": 2,
      },
    }));
    const { rows } = normalizeAll(project, decodeJson(JSON.stringify(otlpJson(spans))), {
      tenantKeys: [],
      featureKeys: [],
      payloadCapBytes: 1024,
    });
    const handle = await clickhouse();
    for (let i = 0; i < 3; i++)
      await handle.insertRows(
        "spans",
        rows.map((r) => ({ ...r, usage_counted: 1 })),
        "batch-1:spans:0",
      );
    expect(await count(`SELECT count() AS n FROM spans WHERE trace_id = '${trace}'`)).toBe(2);
    expect(await count(`SELECT sum(input_tokens) AS n FROM traces WHERE trace_id = '${trace}'`)).toBe(20);
    expect(await count(`SELECT count() AS n FROM trace_index WHERE trace_id = '${trace}'`)).toBe(2);
    expect(await count(`SELECT sum(input_tokens) AS n FROM trace_usage WHERE trace_id = '${trace}'`)).toBe(20);
  });

  it("keeps identical inserts without a token, and inserts under another token", async () => {
    const { client } = await clickhouse();
    await client.command({
      query:
        "CREATE TABLE IF NOT EXISTS dedup_probe (project_id String, n UInt32) ENGINE = MergeTree ORDER BY n SETTINGS non_replicated_deduplication_window = 100",
    });
    const handle = await clickhouse();
    const row = [{ project_id: project, n: 7 }];
    await handle.insertRows("dedup_probe", row);
    await handle.insertRows("dedup_probe", row);
    await handle.insertRows("dedup_probe", row, "a");
    await handle.insertRows("dedup_probe", row, "a");
    await handle.insertRows("dedup_probe", row, "b");
    await handle.insertRows("dedup_probe", row); // the embedded connection keeps settings: "b" must not stick
    expect(await count("SELECT count() AS n FROM dedup_probe")).toBe(5);
  });

  it("drops a repeated INSERT ... SELECT under its token", async () => {
    const { client } = await clickhouse();
    const trace = traceId();
    const insert = `INSERT INTO traces (project_id, trace_id, start_time, end_time, input_tokens) SELECT '${project}', '${trace}', now64(6), now64(6), -5`;
    for (let i = 0; i < 2; i++)
      await client.command({
        query: insert,
        clickhouse_settings: { insert_deduplicate: 1, insert_deduplication_token: "c:traces:0" },
      });
    expect(await count(`SELECT sum(input_tokens) AS n FROM traces WHERE trace_id = '${trace}'`)).toBe(-5);
  });
});
