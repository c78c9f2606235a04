import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str } from "@/lib/clickhouse/sql";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { margins } from "@/lib/finance/margins";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { getTrace } from "@/lib/traces/get-trace";
import { listTraces } from "@/lib/traces/list-traces";
import { costExplorer, explorerParams } from "./cost-explorer";
import { costMetrics } from "./cost-metrics";
import { rebuildUsage } from "./rebuild-usage";

// The spans normalization now shapes differently (model calls on GPUs, estimated tokens,
// openlit's reported 0, TPOT), priced in ClickHouse over the rollups and in JS per span: the
// two must agree, span by span, and the cost figures carry TTFT and TPOT.

const now = new Date(Date.UTC(2026, 9, 30, 12, 30));
const at = now.getTime() - 3 * 3_600_000;
const from = new Date(Date.UTC(2026, 9, 1));
const to = new Date(Date.UTC(2026, 10, 1));
let ctx: ProjectContext;

// One span per trace, each trace its own tenant, so SQL cost by tenant is one span's cost.
const CASES: Record<string, { durationMs?: number; attributes: Record<string, string | number> }> = {
  "t-llm": {
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 1_000_000,
      "gen_ai.usage.output_tokens": 100_000,
      "gen_ai.usage.cache_read.input_tokens": 200_000,
      "gen_ai.client.operation.time_to_first_chunk": 0.3,
      "gen_ai.client.operation.time_per_output_chunk": 0.02,
      "gen_ai.system_instructions": "SECRET-SYSTEM-PROMPT",
    },
  },
  // A self-hosted model served on 2 × H100 for 30 minutes: 1 GPU-hour, 2.99 USD, not token price.
  "t-served": {
    durationMs: 1_800_000,
    attributes: {
      "gen_ai.operation.name": "text_completion",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 3000,
      "gen_ai.usage.output_tokens": 400,
      "gpu.type": "H100",
      "gpu.count": 2,
      "gen_ai.server.time_to_first_token": 0.1,
      "gen_ai.server.time_per_output_token": 0.01,
    },
  },
  "t-gpu-work": {
    durationMs: 3_600_000,
    attributes: { "gpu.type": "A100", "gpu.count": 1, "job.name": "batch-embed" },
  },
  "t-reported": {
    attributes: {
      "gen_ai.request.model": "claude-3-5-sonnet-20241022",
      "gen_ai.usage.input_tokens": 10_000,
      "gen_ai.usage.output_tokens": 1000,
      "gen_ai.usage.cost": 0.5,
    },
  },
  // openlit's 0 for a model missing from its own price file: the catalog prices it.
  "t-openlit": {
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.usage.input_tokens": 1_000_000,
      "gen_ai.usage.output_tokens": 0,
      "gen_ai.usage.cost": 0,
    },
  },
  "t-estimated": {
    attributes: {
      "openinference.span.kind": "LLM",
      "llm.model_name": "gpt-4o-mini",
      "llm.input_messages.0.message.role": "user",
      "llm.input_messages.0.message.content": "Describe the colour blue in three words.",
      "llm.output_messages.0.message.role": "assistant",
      "llm.output_messages.0.message.content": "Blue is calm.",
    },
  },
  "t-unpriced": {
    attributes: {
      "gen_ai.request.model": "my-finetune",
      "gen_ai.usage.input_tokens": 1000,
      "gen_ai.usage.output_tokens": 10,
    },
  },
};
const traces = new Map(Object.keys(CASES).map((tenant) => [tenant, traceId()]));

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const spans: JsonSpan[] = Object.entries(CASES).map(([tenant, c]) => ({
    traceId: traces.get(tenant)!,
    spanId: spanId(),
    name: tenant,
    startMs: at,
    durationMs: c.durationMs ?? 800,
    attributes: { ...c.attributes, "tenant.id": tenant, "feature.name": "parity" },
  }));
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
});

describe("cost of what normalization now shapes", () => {
  it("prices each span the same in SQL (rollups) and in JS (trace detail and list)", async () => {
    const sql = await costMetrics({ ctx, query: { from, to, groupBy: ["tenant"] } });
    const sqlByTenant = new Map(sql.data.map((r) => [r.tenant, r.costUsd]));
    const listed = await listTraces({ ctx, query: { limit: 50, from, to } });
    for (const [tenant, id] of traces) {
      const detail = await getTrace({ ctx, traceId: id });
      const js = detail.spans[0]!.costUsd;
      if (tenant === "t-unpriced") {
        expect(js).toBeNull();
        expect(sql.unpriced).toEqual([
          { model: "my-finetune", kind: "llm", inputTokens: 1000, outputTokens: 10, gpuSeconds: 0, spans: 1 },
        ]);
        continue;
      }
      expect(js, tenant).not.toBeNull();
      expect(sqlByTenant.get(tenant), tenant).toBeCloseTo(js!, 10);
      expect(listed.data.find((t) => t.traceId === id)?.costUsd, tenant).toBeCloseTo(js!, 10);
    }
    // The figures themselves: cached input at the cached rate; GPU time for both GPU spans.
    expect(sqlByTenant.get("t-llm")).toBeCloseTo((800_000 * 2.5 + 200_000 * 1.25 + 100_000 * 10) / 1e6, 10);
    expect(sqlByTenant.get("t-served")).toBeCloseTo(2.99, 10);
    expect(sqlByTenant.get("t-gpu-work")).toBeCloseTo(1.79, 10);
    expect(sqlByTenant.get("t-reported")).toBeCloseTo(0.5, 10);
    expect(sqlByTenant.get("t-openlit")).toBeCloseTo(0.15, 10);
    expect(sqlByTenant.get("t-estimated")).toBeGreaterThan(0);
    // After a rebuild from the spans, the same.
    await rebuildUsage(ctx.projectId);
    const rebuilt = await costMetrics({ ctx, query: { from, to, groupBy: ["tenant"] } });
    for (const r of rebuilt.data) expect(r.costUsd, r.tenant).toBeCloseTo(sqlByTenant.get(r.tenant) ?? NaN, 10);
  });

  it("a trace of hundreds of calls over several models, split over requests: the list prices it from a few rollup rows, as the trace view does", async () => {
    const trace = traceId();
    const root = spanId();
    const models = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-20241022", "gemini-1.5-pro-002"];
    const chat = (i: number): JsonSpan => ({
      traceId: trace,
      spanId: spanId(),
      parentSpanId: root,
      name: `chat ${i}`,
      startMs: at + 1000 + i,
      durationMs: 50,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": models[i % 4]!,
        "gen_ai.usage.output_tokens": 20 + i,
        // Every 50th Gemini call is a long-context one: its own price tier.
        "gen_ai.usage.input_tokens": i % 4 === 3 && i % 50 === 47 ? 150_000 + i : 400 + i,
      },
    });
    const write = async (spans: JsonSpan[]) => {
      const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
        tenantKeys: [],
        featureKeys: [],
        payloadCapBytes: 4096,
      });
      await new BatchWriter({ lingerMs: 0 }).write(rows);
    };
    // The agent arrives first with the sum of its calls, counted until its calls arrive.
    await write([
      {
        traceId: trace,
        spanId: root,
        name: "invoke_agent",
        startMs: at + 1000,
        durationMs: 5000,
        attributes: {
          "gen_ai.operation.name": "invoke_agent",
          "gen_ai.request.model": "gpt-4o",
          "gen_ai.usage.input_tokens": 999_999,
          "gen_ai.usage.output_tokens": 99_999,
          "tenant.id": "t-many",
        },
      },
    ]);
    await write(Array.from({ length: 150 }, (_, i) => chat(i)));
    await write(Array.from({ length: 150 }, (_, i) => chat(150 + i)));

    const detail = await getTrace({ ctx, traceId: trace });
    expect(detail.spans.find((s) => s.spanId === root)).toMatchObject({ usageAggregate: true, costUsd: null });
    expect(detail.spans.filter((s) => s.costUsd === null)).toHaveLength(1);
    const listed = await listTraces({ ctx, query: { limit: 50, from, to, tenant: "t-many" } });
    expect(listed.data[0]?.traceId).toBe(trace);
    expect(listed.data[0]!.costUsd).toBeGreaterThan(0);
    expect(listed.data[0]!.costUsd).toBeCloseTo(detail.costUsd, 10);
    // One row per price key once merged: 4 models, and the long-context calls each on their own.
    const [keys] = await queryRows<{ n: number }>({
      projectId: ctx.projectId,
      tag: "test.trace_usage",
      query: sql`SELECT count() AS n FROM ${tables.trace_usage} FINAL WHERE ${tables.trace_usage.scope} AND trace_id = ${str(trace)}`,
    });
    expect(Number(keys!.n)).toBeLessThanOrEqual(4 + 6 + 1);
    // A rebuild from the spans keeps the list where the trace view is.
    await rebuildUsage(ctx.projectId);
    const rebuilt = await listTraces({ ctx, query: { limit: 50, from, to, tenant: "t-many" } });
    expect(rebuilt.data[0]!.costUsd).toBeCloseTo(detail.costUsd, 10);
  });

  it("a model call on a GPU is an LLM step showing its GPU, and GPU cost in margins", async () => {
    const served = (await getTrace({ ctx, traceId: traces.get("t-served")! })).spans[0]!;
    expect(served).toMatchObject({
      kind: "llm",
      model: "gpt-4o",
      gpuType: "H100",
      gpuCount: 2,
      gpuSeconds: 3600,
      inputTokens: 3000,
      timeToFirstTokenMs: 100,
      timePerOutputTokenMs: 10,
    });
    const openlit = (await getTrace({ ctx, traceId: traces.get("t-openlit")! })).spans[0]!;
    expect(openlit).toMatchObject({ costReported: false });
    expect(openlit.attributes["gen_ai.usage.cost"]).toBe("0");
    const estimated = (await getTrace({ ctx, traceId: traces.get("t-estimated")! })).spans[0]!;
    expect(estimated).toMatchObject({ kind: "llm", usageEstimated: true });
    expect(estimated.inputTokens).toBeGreaterThan(0);
    const llm = (await getTrace({ ctx, traceId: traces.get("t-llm")! })).spans[0]!;
    expect(llm).toMatchObject({ usageEstimated: false, timePerOutputTokenMs: 20 });
    expect(llm.input).toContain("SECRET-SYSTEM-PROMPT");
    // The system prompt is a payload: finance sees neither the input nor the attribute.
    const asFinance = (await getTrace({ ctx: { ...ctx, role: "finance" }, traceId: traces.get("t-llm")! })).spans[0]!;
    expect(asFinance.input).toBeNull();
    expect(JSON.stringify(asFinance)).not.toContain("SECRET-SYSTEM-PROMPT");

    const month = await margins({ ctx, month: "2026-10", now: new Date(Date.UTC(2026, 10, 2)) });
    const byTenant = Object.fromEntries(month.data.map((r) => [r.tenant, r]));
    expect(byTenant["t-served"]).toMatchObject({ llmCostUsd: 0, gpuCostUsd: 2.99 });
    expect(byTenant["t-gpu-work"]).toMatchObject({ llmCostUsd: 0, gpuCostUsd: 1.79 });
    expect(byTenant["t-llm"]?.gpuCostUsd).toBe(0);
  });

  it("the cost explorer reports average TTFT and TPOT of the calls that report them", async () => {
    const result = await costExplorer({ ctx, params: explorerParams.parse({ range: "24h", by: "tenant" }), now });
    // Two calls report them: TTFT 300 and 100 ms, TPOT 20 and 10 ms.
    expect(result.latency.avgTimeToFirstTokenMs).toBeCloseTo(200, 10);
    expect(result.latency.avgTimePerOutputTokenMs).toBeCloseTo(15, 10);
    expect(result.breakdown.find((r) => r.key === "t-served")).toMatchObject({
      avgTimeToFirstTokenMs: 100,
      avgTimePerOutputTokenMs: 10,
    });
    expect(result.breakdown.find((r) => r.key === "t-reported")).toMatchObject({
      avgTimeToFirstTokenMs: null,
      avgTimePerOutputTokenMs: null,
    });
    // Month-scale reads go through usage_daily: the sums travel there too.
    const month = await costMetrics({ ctx, query: { from, to, groupBy: [] } });
    expect(month.totals).toMatchObject({ ttftCount: 2, tpotCount: 2 });
    expect(month.totals.ttftMsSum).toBeCloseTo(400, 10);
  });
});
