import { decodeJson } from "@/ingest/otlp/decode-json";
import { kv } from "@/ingest/otlp/build-json";
import { gaugeMetric, otlpMetricsJson } from "@/ingest/otlp/build-metrics-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { logsSignal } from "@/ingest/pipeline/logs-signal";
import { metricsSignal } from "@/ingest/pipeline/metrics-signal";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { queryRows } from "@/lib/clickhouse/query";
import { sql, type Sql } from "@/lib/clickhouse/sql";
import { tables } from "@/lib/clickhouse/tables";
import { CLICKHOUSE_TABLES, type ClickHouseTable } from "@/lib/retention/delete-rows";
import { otlpJson, spanId, type JsonSpan } from "./otlp";
import { waitApplied } from "./wait-applied";

// Data of every kind, through the real ingest paths, for the retention and deletion tests.

export const DAY = 86_400_000;
const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 65536 };

/** A root and a chat call with payloads and usage, `daysAgo` days ago. */
export function chatTrace(
  trace: string,
  daysAgo: number,
  attributes: Record<string, string> = {},
  tokens = 100,
): JsonSpan[] {
  const start = Date.now() - daysAgo * DAY;
  const root = spanId();
  return [
    {
      traceId: trace,
      spanId: root,
      name: "answer",
      startMs: start,
      durationMs: 1000,
      attributes: { "tenant.id": "acme", "feature.name": "support", ...attributes },
    },
    {
      traceId: trace,
      spanId: spanId(),
      parentSpanId: root,
      name: "chat",
      startMs: start + 10,
      durationMs: 500,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": String(tokens),
        "gen_ai.usage.output_tokens": "10",
        "gen_ai.input.messages": JSON.stringify([
          { role: "user", parts: [{ type: "text", content: `secret question of ${trace}` }] },
        ]),
        "gen_ai.output.messages": JSON.stringify([
          { role: "assistant", parts: [{ type: "text", content: "an answer" }] },
        ]),
        ...attributes,
      },
    },
  ];
}

export async function ingestSpans(projectId: string, spans: JsonSpan[]): Promise<void> {
  const { rows, scores } = normalizeAll(projectId, decodeJson(JSON.stringify(otlpJson(spans))), settings);
  await new BatchWriter({ lingerMs: 0 }).write(rows, scores);
}

export async function ingestLog(projectId: string, trace: string, daysAgo: number, body: string): Promise<void> {
  const json = {
    resourceLogs: [
      {
        resource: { attributes: kv({ "service.name": "retention-test" }) },
        scopeLogs: [
          {
            scope: { name: "test" },
            logRecords: [
              {
                traceId: trace,
                spanId: "",
                timeUnixNano: String(BigInt(Date.now() - daysAgo * DAY) * 1_000_000n),
                severityNumber: 9,
                body: { stringValue: body },
              },
            ],
          },
        ],
      },
    ],
  };
  await logsSignal.ingest(projectId, Buffer.from(JSON.stringify(json)), "json");
  // Acknowledged means durable in the ingest log; the fixture's callers read it back at once.
  await waitApplied();
}

export async function ingestGauge(projectId: string, daysAgo: number[]): Promise<void> {
  const json = otlpMetricsJson([
    gaugeMetric(
      "hw.gpu.utilization",
      "1",
      daysAgo.map((d) => ({ timeMs: Date.now() - d * DAY, value: 0.5 })),
    ),
  ]);
  await metricsSignal.ingest(projectId, Buffer.from(JSON.stringify(json)), "json");
  await waitApplied();
}

export async function countIn(projectId: string, table: ClickHouseTable, where: Sql = sql`1`): Promise<number> {
  const [row] = await queryRows<{ n: number }>({
    projectId,
    tag: "test.count",
    query: sql`SELECT count() AS n FROM ${tables[table]} WHERE ${tables[table].scope} AND ${where}`,
  });
  return Number(row?.n ?? 0);
}

export async function countsByTable(projectId: string): Promise<Record<ClickHouseTable, number>> {
  const counts = {} as Record<ClickHouseTable, number>;
  for (const table of CLICKHOUSE_TABLES) counts[table] = await countIn(projectId, table);
  return counts;
}

/** Signed usage sums of the project's cost rollups. */
export async function usageTotals(projectId: string, table: "usage_hourly" | "usage_daily" = "usage_hourly") {
  const [row] = await queryRows<{ spans: number; input_tokens: number }>({
    projectId,
    tag: "test.usage",
    query: sql`SELECT sum(spans) AS spans, sum(input_tokens) AS input_tokens FROM ${tables[table]} WHERE ${tables[table].scope}`,
  });
  return { spans: Number(row?.spans ?? 0), inputTokens: Number(row?.input_tokens ?? 0) };
}
