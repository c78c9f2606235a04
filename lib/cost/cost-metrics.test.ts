import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { createGpuRate, createPrice } from "@/lib/pricing/price-catalog";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import type { ProjectContext } from "@/lib/auth/context";
import { getTrace } from "@/lib/traces/get-trace";
import { listTraces } from "@/lib/traces/list-traces";
import { costMetrics } from "./cost-metrics";
import { rebuildUsage } from "./rebuild-usage";

const DAY = 86_400_000;
const t0 = Date.UTC(2026, 9, 5, 12); // 2026-10-05
const from = new Date(Date.UTC(2026, 9, 1));
const to = new Date(Date.UTC(2026, 10, 1));
let ctx: ProjectContext;

async function write(spans: JsonSpan[]) {
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
}

const llm = (
  trace: string,
  parent: string,
  at: number,
  model: string,
  input: number,
  output: number,
  extra: Record<string, number | string> = {},
): JsonSpan => ({
  traceId: trace,
  spanId: spanId(),
  parentSpanId: parent,
  name: "chat",
  startMs: at,
  durationMs: 500,
  attributes: {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": model,
    "gen_ai.usage.input_tokens": input,
    "gen_ai.usage.output_tokens": output,
    ...extra,
  },
});

const a = traceId();
const rootA = spanId();
const b = traceId();
const rootB = spanId();

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  // Children first; their roots (with tenant and feature) arrive in a later request.
  await write([
    llm(a, rootA, t0, "gpt-4o", 1_000_000, 100_000, { "gen_ai.usage.cache_read.input_tokens": 200_000 }),
    {
      traceId: a,
      spanId: spanId(),
      parentSpanId: rootA,
      name: "generate",
      startMs: t0,
      durationMs: 1_800_000,
      attributes: { "gpu.type": "H100", "gpu.count": 2, "gen_ai.request.model": "llama" },
    },
    llm(b, rootB, t0 + 10 * DAY, "gpt-4o", 1_000_000, 0),
    llm(b, rootB, t0 + 10 * DAY, "claude-3-5-sonnet-20241022", 10_000, 1_000, { "gen_ai.usage.cost": 0.5 }),
    llm(b, rootB, t0 + 10 * DAY, "my-finetune", 1_000, 10),
  ]);
  await write([
    {
      traceId: a,
      spanId: rootA,
      name: "root-a",
      startMs: t0 - 1,
      durationMs: 1,
      attributes: { "tenant.id": "acme", "feature.name": "search" },
    },
    {
      traceId: b,
      spanId: rootB,
      name: "root-b",
      startMs: t0 + 10 * DAY - 1,
      durationMs: 1,
      attributes: { "tenant.id": "globex", "feature.name": "chat" },
    },
  ]);
});

describe("cost = usage × price", () => {
  it("prices tokens (cached at the cached rate), GPU-seconds, keeps reported cost, and lists unpriced usage", async () => {
    const result = await costMetrics({ ctx, query: { from, to, groupBy: ["tenant", "kind"] } });
    const byKey = Object.fromEntries(result.data.map((r) => [`${r.tenant}/${r.kind}`, r]));
    // gpt-4o defaults 2.5 / 10 / 1.25 per MTok: 800k × 2.5 + 200k × 1.25 + 100k × 10 = 3.25 USD.
    expect(byKey["acme/llm"]?.costUsd).toBeCloseTo(3.25, 10);
    // H100 default 2.99 USD/h × (1800 s × 2 GPUs = 1 GPU-hour).
    expect(byKey["acme/gpu"]).toMatchObject({ gpuSeconds: 3600 });
    expect(byKey["acme/gpu"]?.costUsd).toBeCloseTo(2.99, 10);
    // globex: 1M gpt-4o input = 2.5, plus the span's own reported 0.5; the fine-tune is unpriced.
    expect(byKey["globex/llm"]?.costUsd).toBeCloseTo(3.0, 10);
    expect(result.unpriced).toEqual([
      { model: "my-finetune", kind: "llm", inputTokens: 1000, outputTokens: 10, gpuSeconds: 0, spans: 1 },
    ]);
    expect(result.totals.costUsd).toBeCloseTo(3.25 + 2.99 + 3.0, 10);
    // Ungrouped, the rows that moved when the late roots arrived (minus and plus) must net out.
    const flat = await costMetrics({ ctx, query: { from, to, groupBy: [] } });
    expect(flat.totals.costUsd).toBeCloseTo(3.25 + 2.99 + 3.0, 10);
    expect(flat.totals).toMatchObject({ inputTokens: 2_011_000, spans: 7 });
    expect(result.catalogVersion).toMatch(/^defaults of \d{4}-\d{2}-\d{2}$/);

    // The trace list and the trace view price the same spans the same way.
    const listed = await listTraces({ ctx, query: { limit: 10, from, to } });
    expect(listed.data.find((t) => t.traceId === a)?.costUsd).toBeCloseTo(3.25 + 2.99, 10);
    const detail = await getTrace({ ctx, traceId: a });
    expect(detail.costUsd).toBeCloseTo(3.25 + 2.99, 10);
    expect(detail.spans.find((s) => s.kind === "gpu")?.costUsd).toBeCloseTo(2.99, 10);
    const other = await getTrace({ ctx, traceId: b });
    expect(other.spans.find((s) => s.model === "claude-3-5-sonnet-20241022")).toMatchObject({
      costUsd: 0.5,
      costReported: true,
    });
    expect(other.spans.find((s) => s.model === "my-finetune")?.costUsd).toBeNull();
  });

  it("reprices from an effective date, or all of history, and says which catalog produced the numbers", async () => {
    await createPrice({
      ctx,
      input: {
        model: "gpt-4o",
        inputPerMTok: 5,
        outputPerMTok: 20,
        effectiveFrom: new Date(t0 + 5 * DAY),
        applyTo: "from-effective-date",
      },
    });
    let byTenant = Object.fromEntries(
      (await costMetrics({ ctx, query: { from, to, groupBy: ["tenant"], model: "gpt-4o" } })).data.map((r) => [
        r.tenant,
        r.costUsd,
      ]),
    );
    expect(byTenant.acme).toBeCloseTo(3.25, 10); // before the change: default price
    expect(byTenant.globex).toBeCloseTo(5, 10); // after it: 1M × 5

    await createPrice({ ctx, input: { model: "gpt-4o*", inputPerMTok: 1, outputPerMTok: 1, applyTo: "history" } });
    // An exact name beats a pattern, so the exact gpt-4o rows still price it...
    byTenant = Object.fromEntries(
      (await costMetrics({ ctx, query: { from, to, groupBy: ["tenant"], model: "gpt-4o" } })).data.map((r) => [
        r.tenant,
        r.costUsd,
      ]),
    );
    expect(byTenant.globex).toBeCloseTo(5, 10);
    // ...until an exact history row re-prices every gpt-4o call ever made.
    await createPrice({
      ctx,
      input: { model: "gpt-4o", inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: 0.5, applyTo: "history" },
    });
    const repriced = await costMetrics({ ctx, query: { from, to, groupBy: ["tenant"], model: "gpt-4o" } });
    byTenant = Object.fromEntries(repriced.data.map((r) => [r.tenant, r.costUsd]));
    expect(byTenant.acme).toBeCloseTo((800_000 * 1 + 200_000 * 0.5 + 100_000 * 2) / 1e6, 10);
    expect(byTenant.globex).toBeCloseTo(1, 10);
    expect(repriced.catalogVersion).toContain("project changes up to");

    await createGpuRate({ ctx, input: { gpuType: "H100", usdPerHour: 4, applyTo: "history" } });
    const gpu = await costMetrics({ ctx, query: { from, to, groupBy: [], kind: "gpu" } });
    expect(gpu.totals.costUsd).toBeCloseTo(4, 10);
  });

  it("groups by feature and day with inherited attribution", async () => {
    const result = await costMetrics({ ctx, query: { from, to, groupBy: ["feature"], interval: "day" } });
    const buckets = result.data.map((r) => `${r.bucket?.slice(0, 10)}/${r.feature}`).sort();
    expect(buckets).toEqual(["2026-10-05/search", "2026-10-15/chat"]);
  });
});

describe("usage rollup", () => {
  it("holds what a rebuild from the stored spans computes, late roots included", async () => {
    const query = {
      from,
      to,
      groupBy: ["tenant", "feature", "model", "kind"] as ("tenant" | "feature" | "model" | "kind")[],
      interval: "day" as const,
    };
    const written = await costMetrics({ ctx, query });
    await rebuildUsage(ctx.projectId);
    const rebuilt = await costMetrics({ ctx, query });
    const sort = (rows: typeof written.data) =>
      [...rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(sort(rebuilt.data)).toEqual(sort(written.data));
    expect(written.data.some((r) => r.tenant === "")).toBe(false);
  });
});
