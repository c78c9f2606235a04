import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { evaluateRule } from "./evaluate";
import { relativeChange } from "./relative";
import { createRule, getRule, ruleInput, type RuleInput } from "./rules";
import { STARTER_RULES } from "./starter-rules";

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const now = new Date(Math.floor(Date.now() / HOUR) * HOUR + 30 * 60_000 - 2 * HOUR);
let ctx: ProjectContext;

/** `n` LLM calls of `feature` at `at`, each 1,000 input tokens of which `cached` were read from the cache. */
const calls = (feature: string, n: number, cached: number, at: Date): JsonSpan[] =>
  Array.from({ length: n }, (_, i) => ({
    traceId: traceId(),
    spanId: spanId(),
    name: `${feature} chat`,
    startMs: at.getTime() - 60_000 + i,
    durationMs: 100,
    attributes: {
      "feature.name": feature,
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 1000,
      "gen_ai.usage.output_tokens": 10,
      "gen_ai.usage.cache_read.input_tokens": cached,
    },
    status: { code: 1 },
  }));

async function ingest(spans: JsonSpan[]) {
  const { rows, scores } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows, scores);
}

const rule = async (input: Partial<RuleInput>) =>
  getRule(
    ctx,
    (
      await createRule({
        ctx,
        input: ruleInput.parse({
          name: "Cache hit rate declining",
          tier: "dashboard",
          metric: "cache_hit_rate",
          groupBy: ["feature"],
          window: "2h",
          comparator: "lt",
          threshold: -30,
          minBreaches: 1,
          ...input,
        }),
      })
    ).id,
  );

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const past = [1, 2, 3, 4].map((w) => new Date(now.getTime() - w * WEEK));
  await ingest([
    // Cached half its input for four weeks, 30 % now: a 40 % drop.
    ...past.flatMap((at) => calls("cached", 20, 500, at)),
    ...calls("cached", 20, 300, now),
    // Cached steadily: no change.
    ...past.flatMap((at) => calls("steady", 20, 500, at)),
    ...calls("steady", 20, 480, now),
    // A self-hosted model that never caches: its baseline is zero.
    ...past.flatMap((at) => calls("selfhosted", 20, 0, at)),
    ...calls("selfhosted", 20, 0, now),
    // New this week: no past at all.
    ...calls("newbie", 20, 0, now),
    // Three calls now: under the minimum volume.
    ...past.flatMap((at) => calls("tiny", 20, 500, at)),
    ...calls("tiny", 3, 0, now),
  ]);
});

describe("relative conditions", () => {
  it("fires on a 40 % drop against the 4-week median and stays quiet without a baseline or enough volume", async () => {
    const r = await rule({ baseline: "median_4w", minVolume: 10 });
    const states = await evaluateRule(r, now);
    const byFeature = Object.fromEntries(states.map((s) => [s.group.feature, s]));
    expect(byFeature.cached).toMatchObject({ state: "firing", note: null });
    expect(byFeature.cached!.value).toBeCloseTo(-40, 6);
    expect(byFeature.steady).toMatchObject({ state: "ok", note: null });
    expect(byFeature.steady!.value).toBeCloseTo(-4, 6);
    expect(byFeature.selfhosted).toMatchObject({ state: "ok", value: null, note: "no_baseline" });
    expect(byFeature.newbie).toMatchObject({ state: "ok", value: null, note: "no_baseline" });
    expect(byFeature.tiny).toMatchObject({ state: "ok", value: null, note: "insufficient_data" });
    const events = await (await db()).select().from(schema.alertEvents).where(eq(schema.alertEvents.ruleId, r.id));
    expect(events.map((e) => e.groupKey)).toEqual(["feature=cached"]);
    const stored = await (await db()).select().from(schema.alertStates).where(eq(schema.alertStates.ruleId, r.id));
    expect(stored.find((s) => s.groupKey === "feature=tiny")?.note).toBe("insufficient_data");
  });

  it("compares with the same window a week ago, and in standard deviations", async () => {
    const weekAgo = await evaluateRule(await rule({ baseline: "week_ago" }), now);
    expect(weekAgo.find((s) => s.group.feature === "cached")!.value).toBeCloseTo(-40, 6);
    // Four identical weeks have no spread: standard deviations cannot be measured.
    const sd = await evaluateRule(await rule({ baseline: "median_4w", changeUnit: "stddev", threshold: -3 }), now);
    expect(sd.find((s) => s.group.feature === "cached")).toMatchObject({ value: null, note: "no_baseline" });
    expect(
      relativeChange({ baseline: "median_4w", changeUnit: "stddev", minVolume: 0 }, 0.3, [0.5, 0.52, 0.48, 0.5]),
    ).toEqual({
      value: expect.closeTo(-12.25, 1) as number,
      baseline: 0.5,
    });
  });

  it("refuses a baseline on a metric that is already a change, and stddev without the 4 weeks", async () => {
    await expect(rule({ metric: "cost_change_wow", window: "7d", baseline: "week_ago" })).rejects.toMatchObject({
      field: "baseline",
    });
    await expect(rule({ baseline: "week_ago", changeUnit: "stddev" })).rejects.toMatchObject({ field: "changeUnit" });
  });

  it("starts new projects with relative rules where the seeds say declining and dropping, absolute elsewhere", () => {
    const byName = Object.fromEntries(STARTER_RULES.map((r) => [r.name, r]));
    expect(byName["Cache hit rate declining"]).toMatchObject({ baseline: "median_4w", comparator: "lt" });
    expect(byName["Quality score dropping"]).toMatchObject({ baseline: "median_4w", metric: "quality_avg" });
    expect(byName["Error rate above 5 %"]).toMatchObject({ baseline: null, threshold: 0.05 });
  });
});

describe("no data for M minutes", () => {
  it("turns a silent group into its own state without firing or resolving, and back to ok when data returns", async () => {
    const r = await rule({
      name: "Errors with no-data",
      metric: "error_rate",
      comparator: "gt",
      threshold: 0.5,
      window: "1h",
      noDataMinutes: 180,
    });
    const steady = async (at: Date) => (await evaluateRule(r, at)).find((s) => s.group.feature === "steady");
    expect(await steady(now)).toMatchObject({ state: "ok", value: 0 });
    // The window is empty from 100 minutes on: silent, but not for 180 minutes yet, so the state holds.
    expect(await steady(new Date(now.getTime() + 100 * 60_000))).toMatchObject({ state: "ok", value: null });
    expect(await steady(new Date(now.getTime() + 200 * 60_000))).toMatchObject({ state: "no_data", value: null });
    expect(await (await db()).select().from(schema.alertEvents).where(eq(schema.alertEvents.ruleId, r.id))).toEqual([]);
    // Data again (the original window): back to ok.
    expect(await steady(new Date(now.getTime() + 60_000))).toMatchObject({ state: "ok", value: 0 });
  });
});
