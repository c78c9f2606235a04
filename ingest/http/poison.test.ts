import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str } from "@/lib/clickhouse/sql";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { makeProject } from "@/lib/testing/factories";
import { kv, otlpJson, postJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { serveHandler } from "@/lib/testing/serve-handler";
import { waitApplied } from "@/lib/testing/wait-applied";
import { gaugeMetric, otlpMetricsJson } from "../otlp/build-metrics-json";
import { ExportTraceServiceRequest } from "../otlp/schema";
import { logsSignal } from "../pipeline/logs-signal";
import { metricsSignal } from "../pipeline/metrics-signal";
import { handleExport, handleOtlpExport } from "./handle-export";

// Issue 15, item 1, through the real handler, normalization, the ingest log and its applier: a
// poison request next to another project's request, sent together (the applier takes what the
// log holds in one batch).

// Points of 150 days must outlive the metrics TTL while the test reads them.
process.env.METRICS_RETENTION_DAYS = "365";

let server: Awaited<ReturnType<typeof serveHandler>>;
let good: { ctx: ProjectContext; key: string };
let poison: { ctx: ProjectContext; key: string };
const now = Date.now();
const MONTH = 30 * 86_400_000;
const llm = (input: number | string, output: number | string = 10) => ({
  "gen_ai.operation.name": "chat",
  "gen_ai.request.model": "gpt-4o",
  "gen_ai.usage.input_tokens": input,
  "gen_ai.usage.output_tokens": output,
});
const span = (t: string, partial: Partial<JsonSpan>): JsonSpan => ({
  traceId: t,
  spanId: spanId(),
  name: "chat",
  startMs: now - 60_000,
  durationMs: 500,
  attributes: llm(100),
  ...partial,
});

async function project() {
  const ctx = await makeProject();
  return { ctx, key: (await createApiKey({ ctx, input: { name: "poison" } })).secretKey };
}

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  [good, poison] = await Promise.all([project(), project()]);
  server = await serveHandler(handleExport);
});
afterAll(async () => server?.close());

/** Sends the requests at once; resolves with their answers once what they logged is applied. */
async function inOneFlush(send: () => Array<Promise<Response>>): Promise<Response[]> {
  const responses = await Promise.all(send());
  await waitApplied();
  return responses;
}

type Counts = { spans: number; usageSpans: number; inputTokens: number; traceTokens: number; minTraceTokens: number };
async function counts(projectId: string): Promise<Counts> {
  const [row] = await queryRows<Counts>({
    projectId,
    tag: "test",
    query: sql`SELECT
      (SELECT count() FROM (SELECT span_id FROM ${tables.spans} WHERE ${tables.spans.scope} LIMIT 1 BY trace_id, span_id)) AS spans,
      (SELECT sum(spans) FROM ${tables.usage_hourly} WHERE ${tables.usage_hourly.scope}) AS usageSpans,
      (SELECT sum(input_tokens) FROM ${tables.usage_hourly} WHERE ${tables.usage_hourly.scope}) AS inputTokens,
      (SELECT sum(input_tokens) FROM ${tables.traces} WHERE ${tables.traces.scope}) AS traceTokens,
      (SELECT min(t) FROM (SELECT sum(input_tokens) AS t FROM ${tables.traces} WHERE ${tables.traces.scope} GROUP BY trace_id)) AS minTraceTokens`,
  });
  return row!;
}

describe("one bad span fails only itself", () => {
  it("refuses the poison spans in partial_success, commits the rest of that request and the other project's request, never a 503", async () => {
    const [goodTrace, poisonTrace, monthsTrace] = [traceId(), traceId(), traceId()];
    const goodBody = otlpJson([span(goodTrace, {}), span(goodTrace, {})]);
    const poisonBody = otlpJson([
      span(poisonTrace, { name: "fine" }),
      span(poisonTrace, { name: "gpus", attributes: { "gpu.type": "H100", "gpu.count": 65_536 } }),
      span(poisonTrace, { name: "after 2106", startMs: Date.UTC(2107, 0, 1) }),
      span(poisonTrace, { name: "max int64", attributes: llm("9223372036854775807") }),
      span(poisonTrace, { name: "max int64 too", attributes: llm(1, "9223372036854775807") }),
      // One span in each of 101 months: the five years of the default window are stored, the others refused.
      ...Array.from({ length: 101 }, (_, i) =>
        span(monthsTrace, { name: `month ${i}`, startMs: now - 60_000 - i * MONTH }),
      ),
      // A lone surrogate: the name is stored with U+FFFD.
      span(poisonTrace, { name: "broken \ud800 name" }),
    ]);
    const accepted = 1 + 61 + 1;
    const [goodAnswer, poisonAnswer] = (await inOneFlush(() => [
      handleExport(postJson(server.url, good.key, goodBody)),
      handleExport(postJson(server.url, poison.key, poisonBody)),
    ])) as [Response, Response];

    expect(goodAnswer.status).toBe(200);
    expect(await goodAnswer.json()).toEqual({});
    expect(poisonAnswer.status).toBe(200);
    const { partialSuccess } = (await poisonAnswer.json()) as {
      partialSuccess: { rejectedSpans: string; errorMessage: string };
    };
    expect(Number(partialSuccess.rejectedSpans)).toBe(4 + 40);
    expect(partialSuccess.errorMessage).toMatch(
      /^44 span\(s\) rejected: span "gpus": gpu\.count 65536 is above 65535; span "after 2106": startTimeUnixNano 2107-01-01T00:00:00\.000Z is outside the accepted window/,
    );
    expect(partialSuccess.errorMessage).toMatch(
      /span "max int64": input_tokens 9223372036854776000 is above 1000000000 per span; span "max int64 too": output_tokens/,
    );
    expect(partialSuccess.errorMessage).toMatch(/span "month 61": startTimeUnixNano .* is outside/);

    expect(await counts(good.ctx.projectId)).toMatchObject({ spans: 2, usageSpans: 2, inputTokens: 200 });
    // Every stored span has its usage row; no total went negative.
    const stored = await counts(poison.ctx.projectId);
    expect(stored).toMatchObject({
      spans: accepted,
      usageSpans: accepted,
      inputTokens: accepted * 100,
      traceTokens: accepted * 100,
    });
    const names = await queryRows<{ name: string }>({
      projectId: poison.ctx.projectId,
      tag: "test",
      query: sql`SELECT name FROM ${tables.spans} WHERE ${tables.spans.scope} AND trace_id = ${str(poisonTrace)} ORDER BY name`,
    });
    expect(names.map((n) => n.name)).toEqual(["broken \uFFFD name", "fine"]);
  });

  it("keeps token totals and cost positive: 2^63-1 is refused, two spans at the 10^9 ceiling sum exactly", async () => {
    const overflow = await project();
    const t = traceId();
    const body = otlpJson([
      span(t, { attributes: llm("9223372036854775807", 0) }),
      span(t, { attributes: llm("9223372036854775807", 0) }),
      span(t, { attributes: llm(1_000_000_000, 0) }),
      span(t, { attributes: llm(1_000_000_000, 0) }),
    ]);
    const [answer] = await inOneFlush(() => [handleExport(postJson(server.url, overflow.key, body))]);
    expect(answer!.status).toBe(200);
    expect(
      Number(((await answer!.json()) as { partialSuccess: { rejectedSpans: string } }).partialSuccess.rejectedSpans),
    ).toBe(2);
    expect(await counts(overflow.ctx.projectId)).toEqual({
      spans: 2,
      usageSpans: 2,
      inputTokens: 2e9,
      traceTokens: 2e9,
      minTraceTokens: 2e9,
    });
    const cost = await costMetrics({
      ctx: overflow.ctx,
      query: { from: new Date(now - 86_400_000), to: new Date(now + 3_600_000), groupBy: [] },
    });
    // gpt-4o input at the shipped list price, 2.5 USD per million tokens.
    expect(cost.totals).toMatchObject({ inputTokens: 2e9, spans: 2 });
    expect(cost.totals.costUsd).toBeCloseTo(5000, 6);
  });

  it("stores a protobuf span whose strings are not UTF-8, with U+FFFD, beside its request's other spans", async () => {
    const t = Buffer.from(traceId(), "hex");
    const pbSpan = (name: string, value: string) => ({
      traceId: t,
      spanId: Buffer.from(spanId(), "hex"),
      name,
      startTimeUnixNano: String(BigInt(now - 1000) * 1_000_000n),
      endTimeUnixNano: String(BigInt(now) * 1_000_000n),
      attributes: [{ key: "note", value: { stringValue: value } }],
    });
    const message = ExportTraceServiceRequest.fromObject({
      resourceSpans: [{ scopeSpans: [{ spans: [pbSpan("plain", "ok"), pbSpan("XXXX", "YYYY")] }] }],
    });
    const bytes = Buffer.from(ExportTraceServiceRequest.encode(message).finish());
    bytes.set([0xc3, 0x28], bytes.indexOf("XXXX"));
    bytes.set([0xff, 0xfe], bytes.indexOf("YYYY"));
    const [answer] = await inOneFlush(() => [
      handleExport(postJson(server.url, poison.key, bytes, { "content-type": "application/x-protobuf" })),
    ]);
    expect(answer!.status).toBe(200);
    const rows = await queryRows<{ name: string; note: string }>({
      projectId: poison.ctx.projectId,
      tag: "test",
      query: sql`SELECT name, attributes['note'] AS note FROM ${tables.spans} WHERE ${tables.spans.scope} AND trace_id = ${str(t.toString("hex"))} ORDER BY name`,
    });
    expect(rows).toEqual([
      { name: "plain", note: "ok" },
      { name: "\uFFFD(XX", note: "\uFFFD\uFFFDYY" },
    ]);
  });
});

describe("log records and metric points", () => {
  const post = (path: string, body: unknown) =>
    new Request(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${poison.key}` },
      body: JSON.stringify(body),
    });

  it("refuses a log record outside the ingest window and stores the others", async () => {
    const record = (timeMs: number, body: string) => ({
      timeUnixNano: String(BigInt(Math.round(timeMs)) * 1_000_000n),
      severityNumber: 9,
      body: { stringValue: body },
    });
    const answer = await handleOtlpExport(
      post("/v1/logs", {
        resourceLogs: [
          {
            resource: { attributes: kv({ "service.name": "poison-logs" }) },
            scopeLogs: [
              {
                logRecords: [
                  record(now, "kept"),
                  record(Date.UTC(2200, 0, 1), "far"),
                  record(now - 101 * MONTH, "old"),
                ],
              },
            ],
          },
        ],
      }),
      logsSignal,
    );
    expect(answer.status).toBe(200);
    await waitApplied();
    const { partialSuccess } = (await answer.json()) as {
      partialSuccess: { rejectedLogRecords: string; errorMessage: string };
    };
    expect(Number(partialSuccess.rejectedLogRecords)).toBe(2);
    expect(partialSuccess.errorMessage).toMatch(
      /log record 1: timeUnixNano 2200-01-01T00:00:00\.000Z is outside the accepted window \(1826 days before now to 60 minutes after\); log record 2: timeUnixNano/,
    );
    const bodies = await queryRows<{ body: string }>({
      projectId: poison.ctx.projectId,
      tag: "test",
      query: sql`SELECT body FROM ${tables.logs} WHERE ${tables.logs.scope} AND service_name = 'poison-logs'`,
    });
    expect(bodies).toEqual([{ body: "kept" }]);
  });

  it("writes metric points of more than 100 days (daily partitions) in several inserts instead of failing", async () => {
    const points = Array.from({ length: 150 }, (_, i) => ({ timeMs: now - i * 86_400_000, value: i }));
    const answer = await handleOtlpExport(
      post("/v1/metrics", otlpMetricsJson([gaugeMetric("poison.backfill", "1", points)])),
      metricsSignal,
    );
    expect(answer.status).toBe(200);
    await waitApplied();
    expect(await answer.json()).toEqual({});
    const [row] = await queryRows<{ n: number }>({
      projectId: poison.ctx.projectId,
      tag: "test",
      query: sql`SELECT count() AS n FROM ${tables.metric_points} FINAL WHERE ${tables.metric_points.scope} AND metric_name = 'poison.backfill'`,
    });
    expect(row?.n).toBe(150);
  });
});
