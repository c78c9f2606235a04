import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { writeScores } from "@/lib/scores/write-scores";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { qualityParams, qualityView } from "./quality-view";

const DAY = 86_400_000;
const now = new Date(Date.UTC(2026, 10, 20, 12));
let ctx: ProjectContext;

// This week: gpt-4o (prompt v1) scores 0.9, 0.8; claude (prompt v2) 0.3, 0.2, 0.1. Last week: gpt-4o 0.9, 0.9.
const plan: Array<{ model: string; version: string; daysAgo: number; value: number }> = [
  { model: "gpt-4o", version: "1", daysAgo: 1, value: 0.9 },
  { model: "gpt-4o", version: "1", daysAgo: 2, value: 0.8 },
  { model: "claude-sonnet-4", version: "2", daysAgo: 1, value: 0.3 },
  { model: "claude-sonnet-4", version: "2", daysAgo: 3, value: 0.2 },
  { model: "claude-sonnet-4", version: "2", daysAgo: 4, value: 0.1 },
  { model: "gpt-4o", version: "1", daysAgo: 8, value: 0.9 },
  { model: "gpt-4o", version: "1", daysAgo: 9, value: 0.9 },
];
const ids = plan.map(() => traceId());

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const spans: JsonSpan[] = plan.map((p, i) => ({
    traceId: ids[i]!,
    spanId: spanId(),
    name: "answer",
    startMs: now.getTime() - p.daysAgo * DAY,
    durationMs: 50,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": p.model,
      "gen_ai.prompt.name": "faq",
      "gen_ai.prompt.version": p.version,
      "feature.name": "faq",
    },
  }));
  const { rows, scores } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows, scores);
  await writeScores({ ctx, items: plan.map((p, i) => ({ traceId: ids[i]!, name: "correctness", value: p.value })) });
});

describe("quality view", () => {
  it("summarises each score against the previous period and flags a drop", async () => {
    const view = await qualityView({ ctx, params: qualityParams.parse({ range: "7d" }), now });
    const correctness = view.summary.find((s) => s.name === "correctness")!;
    expect(correctness.count).toBe(5);
    expect(correctness.avg).toBeCloseTo(2.3 / 5, 12);
    expect(correctness.previousAvg).toBeCloseTo(0.9, 12);
    expect(correctness.change).toBeCloseTo(0.46 - 0.9, 12);
    expect(correctness.worse).toBe(true);
    expect(view.selected?.name).toBe("correctness");
  });

  it("splits by model over time, bins the distribution, lists the lowest traces and compares two models", async () => {
    const view = await qualityView({
      ctx,
      params: qualityParams.parse({
        range: "7d",
        name: "correctness",
        split: "model",
        compare: "model",
        a: "gpt-4o",
        b: "claude-sonnet-4",
      }),
      now,
    });
    const selected = view.selected!;
    expect(selected.series.keys.sort()).toEqual(["claude-sonnet-4", "gpt-4o"]);
    const claudePoints = selected.series.points
      .map((p) => (p as Record<string, unknown>)["claude-sonnet-4"])
      .filter((v) => v !== undefined);
    expect(claudePoints.map((v) => Number((v as number).toFixed(6))).sort()).toEqual([0.1, 0.2, 0.3]);
    expect(selected.distribution.kind).toBe("histogram");
    const counts = Object.fromEntries(selected.distribution.bins.map((b) => [b.bin, b]));
    expect(counts["0.9–1"]).toMatchObject({ "gpt-4o": 1 });
    expect(counts["0.1–0.2"]).toMatchObject({ "claude-sonnet-4": 1 });
    expect(selected.lowest.map((l) => l.value)).toEqual([0.1, 0.2, 0.3, 0.8, 0.9]);
    expect(selected.lowest[0]).toMatchObject({ traceId: ids[4], model: "claude-sonnet-4", promptVersion: "faq@2" });
    const row = selected.compare.rows.find((r) => r.name === "correctness")!;
    expect(row.a).toEqual({ avg: expect.closeTo(0.85, 12), count: 2 });
    expect(row.b).toEqual({ avg: expect.closeTo(0.2, 12), count: 3 });
    expect(row.difference).toBeCloseTo(-0.65, 12);
  });

  it("filters by prompt version and picks the two most common values when none are chosen", async () => {
    const view = await qualityView({
      ctx,
      params: qualityParams.parse({
        range: "7d",
        name: "correctness",
        promptVersion: "faq@1",
        compare: "promptVersion",
      }),
      now,
    });
    expect(view.selected!.lowest.map((l) => l.value)).toEqual([0.8, 0.9]);
    const all = await qualityView({
      ctx,
      params: qualityParams.parse({ range: "7d", name: "correctness", compare: "promptVersion", a: "bogus%%" }),
      now,
    });
    expect(all.selected!.compare.options.sort()).toEqual(["faq@1", "faq@2"]);
  });
});
