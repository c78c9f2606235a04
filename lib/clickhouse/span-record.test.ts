import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import type { SpanRow } from "@/lib/domain/span/span-row";
import { insertRowBinary, queryRows } from "./query";
import { encodeSpanRows, SPAN_RECORD_COLUMNS, USAGE_COUNTED_COLUMN } from "./span-record";
import { sql } from "./sql";
import { tables } from "./tables";

const row = (projectId: string, spanId: string, overrides: Partial<SpanRow> = {}): SpanRow => ({
  project_id: projectId,
  trace_id: "a".repeat(32),
  span_id: spanId,
  parent_span_id: "",
  name: "chat — ünïcödé 🚀",
  kind: "llm",
  service_name: "svc",
  start_time: "2026-11-30 10:00:00.123456",
  end_time: "2026-11-30 10:00:01.5",
  duration_ms: 1376.544,
  status: "error",
  status_message: "boom",
  tenant: "acme",
  feature: "chat",
  session_id: "conversation-7",
  user_id: "user-42",
  model: "gpt-4o",
  response_model: "gpt-4o-2024-08-06",
  provider: "openai",
  operation: "chat",
  input_tokens: 1200,
  output_tokens: 34,
  cached_input_tokens: 1024,
  reasoning_tokens: 0,
  reported_cost_usd: null,
  finish_reason: "stop",
  prompt_name: "",
  prompt_version: "",
  time_to_first_token_ms: 210.5,
  time_per_output_token_ms: null,
  usage_estimated: 0,
  tool_name: "",
  tool_call_id: "",
  tool_arguments: "",
  tool_result: "",
  documents: "",
  input: "x".repeat(300) + " \u0000 'quoted' \\ done",
  output: "answer",
  payload_truncated: 0,
  gpu_type: "",
  gpu_count: 0,
  gpu_utilization: null,
  gpu_seconds: 0,
  exception_type: "",
  exception_message: "",
  attributes: { "gen_ai.request.model": "gpt-4o", "emoji.🚀": "ok" },
  resource_attributes: { "service.name": "svc" },
  events: "[]",
  ...overrides,
});

describe("span records (RowBinary as the ingest log stores spans)", () => {
  beforeAll(async () => migrateClickHouse((await clickhouse()).client));

  it("list every column of the migrated spans table that a span row carries, with the table's type", async () => {
    const { client } = await clickhouse();
    const result = await client.query({
      query:
        "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'spans' AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')",
      format: "JSONEachRow",
    });
    const columns = await result.json<{ name: string; type: string }>();
    const table = new Map(columns.map((c) => [c.name, c.type]));
    // The table's own columns beyond the record: filled by their DEFAULT, or by the applier.
    const notInRecord = [...table.keys()].filter((name) => !SPAN_RECORD_COLUMNS.some(([n]) => n === name));
    expect(notInRecord.sort()).toEqual(["ingested_at", USAGE_COUNTED_COLUMN.name].sort());
    for (const [name, type] of SPAN_RECORD_COLUMNS) expect([name, table.get(name)]).toEqual([name, type]);
    expect(table.get(USAGE_COUNTED_COLUMN.name)).toBe(USAGE_COUNTED_COLUMN.type);
  });

  it("round-trip through the engine, and refuse a row a column cannot hold by its index", async () => {
    const projectId = "span-record-roundtrip";
    const refused: Array<[number, string]> = [];
    const encoded = encodeSpanRows(
      [row(projectId, "s1"), row(projectId, "s2", { gpu_count: 70_000 }), row(projectId, "s3", { kind: "tool" })],
      (index, message) => refused.push([index, message]),
    );
    expect(encoded.kept).toEqual([0, 2]);
    expect(refused).toHaveLength(1);
    expect(refused[0]![0]).toBe(1);
    expect(refused[0]![1]).toContain("gpu_count UInt16");
    expect(encoded.ends).toHaveLength(2);
    expect(encoded.ends[1]).toBe(encoded.body.length);

    // As the applier does: each row copied out, with its usage_counted byte after it.
    const parts = encoded.ends.map((end, i) => encoded.body.subarray(i === 0 ? 0 : encoded.ends[i - 1], end));
    const body = Buffer.concat(parts.flatMap((part, i) => [part, Buffer.from([i === 0 ? 1 : 0])]));
    await insertRowBinary(
      "spans",
      [...encoded.columns, [USAGE_COUNTED_COLUMN.name, USAGE_COUNTED_COLUMN.type]],
      body,
      `span-record-test:${Date.now()}`,
    );
    const stored = await queryRows<Record<string, unknown>>({
      projectId,
      tag: "test",
      query: sql`SELECT span_id, name, kind, input, attributes, reported_cost_usd, time_to_first_token_ms, toString(start_time) AS start, duration_ms, usage_counted FROM ${tables.spans} WHERE ${tables.spans.scope} ORDER BY span_id`,
    });
    const expected = row(projectId, "s1");
    expect(stored).toEqual([
      {
        span_id: "s1",
        name: expected.name,
        kind: "llm",
        input: expected.input,
        attributes: expected.attributes,
        reported_cost_usd: null,
        time_to_first_token_ms: 210.5,
        start: "2026-11-30 10:00:00.123456",
        duration_ms: 1376.544,
        usage_counted: 1,
      },
      expect.objectContaining({ span_id: "s3", kind: "tool", usage_counted: 0 }),
    ]);
  });
});
