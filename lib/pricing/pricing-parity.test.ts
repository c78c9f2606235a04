import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { TIER_FLOOR_TOKENS } from "@/lib/domain/pricing/resolve";
import type { SpanRow } from "@/lib/domain/span/span-row";
import { makeProject } from "@/lib/testing/factories";
import { spanRow } from "@/lib/testing/span-row";
import { pricedTraceCosts } from "@/lib/traces/trace-costs";
import { COST_RULES } from "./cost-rules";
import { createGpuRate, createPrice, gpuRateInput, loadPricing, priceInput } from "./price-catalog";
import { spanCost } from "./price-span";

// Pricing parity, generated: spans of every pricing shape, priced in JS per span (the trace
// view's spanCost) and in ClickHouse over the rollups the writer filled from the same spans
// (usage_daily and usage_hourly through the cost API, trace_usage through the trace list).
// Rounding rule: a figure is compared in cents, Math.round(usd × 100) (figures here are never
// negative, so a half cent rounds up); the USD values must also agree within 1e-9.

const SEED = 20261010;
const SPANS = 400;

/** mulberry32: a small seeded generator, so that a failure replays exactly. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const hex = (chars: number) => Array.from({ length: chars }, () => int(0, 15).toString(16)).join("");
  return { next, int, pick, hex };
}

const rng = seeded(SEED);
const DAY0 = Date.UTC(2026, 9, 10);
const DAY_MS = 86_400_000;
const cents = (usd: number) => Math.round(usd * 100);

// Catalog names (exact, patterns, a more specific pattern, long-context tiers), project rows
// with versions that change at UTC midnight and a tier at the floor, and unknown names.
const MODELS = [
  "gpt-4o-2024-08-06",
  "gpt-4o-mini",
  "gemini-1.5-pro-002",
  "gemini-2.5-pro",
  "text-embedding-3-small",
  "claude-sonnet-4-20250514",
  "acme-chat",
  "ACME-Chat",
  "my-finetune",
] as const;
const GPUS = ["H100", "h100", "A100", "TPU-v5"] as const;
const INPUTS = () =>
  rng.pick([
    0,
    rng.int(1, 5000),
    TIER_FLOOR_TOKENS - 1,
    TIER_FLOOR_TOKENS,
    TIER_FLOOR_TOKENS + 1,
    128_000,
    128_001,
    200_000,
    200_001,
    rng.int(TIER_FLOOR_TOKENS, 300_000),
  ]);

function startTime(): string {
  const day = new Date(DAY0 + rng.int(0, 2) * DAY_MS).toISOString().slice(0, 10);
  const shape = rng.next();
  // Either side of the midnights where versions change, or any moment of the day.
  if (shape < 0.25) return `${day} 23:59:59.999999`;
  if (shape < 0.5) return `${day} 00:00:00.000000`;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${day} ${two(rng.int(0, 23))}:${two(rng.int(0, 59))}:${two(rng.int(0, 59))}.${String(rng.int(0, 999_999)).padStart(6, "0")}`;
}

function generatedSpan(projectId: string, index: number): SpanRow {
  const gpu = rng.next() < 0.3 ? rng.pick(GPUS) : "";
  const tokensToo = gpu === "" || rng.next() < 0.5;
  const input = tokensToo ? INPUTS() : 0;
  const cachedShape = rng.next();
  const cached = cachedShape < 0.5 ? 0 : cachedShape < 0.85 ? rng.int(0, input) : input + rng.int(1, 100); // above input: clamped
  const output = tokensToo && rng.next() < 0.8 ? rng.int(1, 20_000) : 0;
  const reported = rng.next() < 0.15 ? rng.pick([0, 0.0123, 1.5, Math.round(rng.next() * 3e6) / 1e6]) : null;
  return spanRow({
    project_id: projectId,
    trace_id: rng.hex(32),
    span_id: rng.hex(16),
    name: `span ${index}`,
    kind: gpu !== "" && input + output === 0 ? "gpu" : "llm",
    start_time: startTime(),
    tenant: `p${index}`,
    feature: "parity",
    model: rng.pick(MODELS),
    response_model: rng.next() < 0.2 ? rng.pick(MODELS) : "",
    input_tokens: input,
    output_tokens: output,
    cached_input_tokens: cached,
    reported_cost_usd: reported,
    gpu_type: gpu,
    gpu_count: gpu ? 1 : 0,
    gpu_seconds: gpu ? Math.round(rng.next() * 7_200_000) / 1000 : 0,
  });
}

let ctx: ProjectContext;
let spans: SpanRow[];

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const price = (input: Record<string, unknown>) => createPrice({ ctx, input: priceInput.parse(input) });
  await price({ model: "acme-chat", inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: 0.5, applyTo: "history" });
  // In force from the next UTC midnight (2026-10-11), without a cached rate (cached at the input rate).
  await price({ model: "acme-chat", inputPerMTok: 3, outputPerMTok: 6, effectiveFrom: "2026-10-10T15:00:00Z" });
  await price({
    model: "acme-chat",
    inputPerMTok: 5,
    outputPerMTok: 10,
    minInputTokens: TIER_FLOOR_TOKENS,
    applyTo: "history",
  });
  // A project change of a catalog pattern, from 2026-10-12.
  await price({
    model: "gpt-4o*",
    inputPerMTok: 2,
    outputPerMTok: 8,
    cachedInputPerMTok: 1,
    effectiveFrom: "2026-10-11T12:00:00Z",
  });
  // Ended prices: a history row for my-finetune ending 2026-10-11 06:00 (so in force until 2026-10-12
  // 00:00, unpriced after), and a gpt-4o-mini row ending exactly 2026-10-11 00:00 (then the catalog's).
  await price({
    model: "my-finetune",
    inputPerMTok: 4,
    outputPerMTok: 4,
    applyTo: "history",
    effectiveTo: "2026-10-11T06:00:00Z",
  });
  await price({
    model: "gpt-4o-mini",
    inputPerMTok: 0.5,
    outputPerMTok: 1,
    effectiveFrom: "2026-10-09T00:00:00Z",
    effectiveTo: "2026-10-11T00:00:00Z",
  });
  // A GPU rate from exactly midnight.
  await createGpuRate({
    ctx,
    input: gpuRateInput.parse({ gpuType: "H100", usdPerHour: 4.5, effectiveFrom: "2026-10-11T00:00:00Z" }),
  });
  spans = Array.from({ length: SPANS }, (_, i) => generatedSpan(ctx.projectId, i));
  await new BatchWriter({ lingerMs: 0 }).write(spans);
});

describe("pricing parity, JS per span and SQL over the rollups", () => {
  it("prices generated spans of every shape to the same cents", async () => {
    const pricing = await loadPricing(ctx.projectId);
    const js = new Map(spans.map((s) => [s.tenant, spanCost(s, pricing)]));
    const range = { from: new Date(DAY0 - DAY_MS), to: new Date(DAY0 + 4 * DAY_MS) };
    // Whole days from usage_daily, and hour buckets from usage_hourly.
    const daily = await costMetrics({ ctx, query: { ...range, groupBy: ["tenant"] } });
    const hourly = await costMetrics({ ctx, query: { ...range, groupBy: ["tenant"], interval: "hour" } });
    const listed = await pricedTraceCosts(
      ctx,
      spans.map((s) => s.trace_id),
    );
    const byTenant = (rows: Array<{ tenant?: string; costUsd: number }>) =>
      new Map(rows.map((r) => [r.tenant!, r.costUsd]));
    const sources = { usage_daily: byTenant(daily.data), usage_hourly: byTenant(hourly.data) };

    const differences: string[] = [];
    let largest = 0;
    for (const s of spans) {
      const expected = js.get(s.tenant) ?? 0;
      const found = {
        ...Object.fromEntries(Object.entries(sources).map(([name, m]) => [name, m.get(s.tenant) ?? 0])),
        trace_usage: listed.get(s.trace_id) ?? 0,
      };
      for (const [name, usd] of Object.entries(found)) {
        largest = Math.max(largest, Math.abs(usd - expected));
        if (cents(usd) !== cents(expected) || Math.abs(usd - expected) > 1e-9)
          differences.push(`${s.tenant} ${name}: SQL ${usd} JS ${expected} (${JSON.stringify(s)})`);
      }
    }
    expect(differences).toEqual([]);
    expect(largest).toBeLessThanOrEqual(1e-9);

    // Unpriced usage: the same spans, under the same names, in both.
    const unpricedJs = new Map<string, number>();
    for (const s of spans) {
      const hasUsage = s.input_tokens + s.output_tokens > 0 || s.gpu_type !== "" || s.reported_cost_usd !== null;
      if (js.get(s.tenant) !== null || !hasUsage) continue;
      const name = s.gpu_type || s.response_model || s.model;
      unpricedJs.set(name, (unpricedJs.get(name) ?? 0) + 1);
    }
    for (const answer of [daily, hourly]) {
      const unpricedSql = new Map<string, number>();
      for (const u of answer.unpriced) unpricedSql.set(u.model, (unpricedSql.get(u.model) ?? 0) + u.spans);
      expect(Object.fromEntries(unpricedSql)).toEqual(Object.fromEntries(unpricedJs));
    }
  });

  it("the generator reaches every pricing rule and the edges that pick a version", () => {
    const ruleOf = (s: SpanRow) => COST_RULES.find((r) => r.applies.js(s))?.shape ?? "nothing";
    const count = (predicate: (s: SpanRow) => boolean) => spans.filter(predicate).length;
    // A rule added to cost-rules.ts must be generated here too.
    for (const rule of COST_RULES)
      expect(
        count((s) => ruleOf(s) === rule.shape),
        rule.shape,
      ).toBeGreaterThan(10);
    expect(
      count((s) => ruleOf(s) === "tokens" && s.cached_input_tokens > 0 && s.cached_input_tokens <= s.input_tokens),
    ).toBeGreaterThan(10);
    expect(count((s) => ruleOf(s) === "tokens" && s.cached_input_tokens > s.input_tokens)).toBeGreaterThan(5);
    expect(count((s) => ruleOf(s) === "tokens" && s.input_tokens === TIER_FLOOR_TOKENS)).toBeGreaterThan(3);
    expect(count((s) => ruleOf(s) === "tokens" && [128_001, 200_001].includes(s.input_tokens))).toBeGreaterThan(3);
    expect(count((s) => ruleOf(s) === "tokens" && (s.response_model || s.model) === "my-finetune")).toBeGreaterThan(3);
    const tokensOf = (model: string, days: string[]) =>
      count(
        (s) =>
          ruleOf(s) === "tokens" && (s.response_model || s.model) === model && days.includes(s.start_time.slice(0, 10)),
      );
    expect(tokensOf("my-finetune", ["2026-10-10", "2026-10-11"])).toBeGreaterThan(1); // before its end
    expect(tokensOf("my-finetune", ["2026-10-12"])).toBeGreaterThan(1); // after it
    expect(tokensOf("gpt-4o-mini", ["2026-10-10"])).toBeGreaterThan(1);
    expect(tokensOf("gpt-4o-mini", ["2026-10-11", "2026-10-12"])).toBeGreaterThan(1);
    expect(count((s) => ruleOf(s) === "gpu_time" && s.gpu_type === "TPU-v5")).toBeGreaterThan(3);
    expect(count((s) => ruleOf(s) === "gpu_time" && s.input_tokens > 0)).toBeGreaterThan(3);
    expect(
      count((s) => s.start_time.endsWith("23:59:59.999999") && /acme/i.test(s.response_model || s.model)),
    ).toBeGreaterThan(3);
    expect(
      count((s) => s.start_time.endsWith("00:00:00.000000") && s.gpu_type.toLowerCase() === "h100"),
    ).toBeGreaterThan(3);
  });
});
