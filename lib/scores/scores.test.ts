import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { qualityMetrics, qualityMetricsQuery } from "@/lib/quality/quality-metrics";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { orphanedScores, resolveScores } from "./resolve-scores";
import { traceScores } from "./trace-scores";
import { writeScores } from "./write-scores";

const HOUR = 3_600_000;
const now = new Date();
let ctx: ProjectContext;
const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 };

async function ingest(spans: JsonSpan[]) {
  const { rows, scores } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), settings);
  await new BatchWriter({ lingerMs: 0 }).write(rows, scores);
}

const chat = (
  trace: string,
  model: string,
  feature: string,
  answer: string,
  extra: Record<string, string> = {},
): JsonSpan => ({
  traceId: trace,
  spanId: spanId(),
  name: "chat",
  startMs: now.getTime() - 2 * HOUR,
  durationMs: 100,
  attributes: {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": model,
    "feature.name": feature,
    "tenant.id": "acme",
    "gen_ai.prompt.name": "answer",
    "gen_ai.prompt.version": model === "gpt-4o" ? "3" : "4",
    "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: answer }] }]),
    ...extra,
  },
});

const traces = { a: traceId(), b: traceId(), c: traceId() };

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  await ingest([
    chat(traces.a, "gpt-4o", "support", "Hello"),
    chat(traces.b, "gpt-4o", "support", ""),
    chat(traces.c, "claude-sonnet-4", "search", "Hi"),
  ]);
});

const metrics = (q: Record<string, string>) =>
  qualityMetrics({
    ctx,
    query: qualityMetricsQuery.parse({
      from: new Date(now.getTime() - 24 * HOUR).toISOString(),
      to: new Date(now.getTime() + HOUR).toISOString(),
      ...q,
    }),
  });

describe("scores", () => {
  it("accepts a batch, refuses bad items by index, and the last write for the same key wins", async () => {
    const result = await writeScores({
      ctx,
      items: [
        { traceId: traces.a, name: "helpfulness", value: 0.9 },
        { traceId: traces.b, name: "helpfulness", value: 0.2, comment: "wrong answer" },
        { traceId: traces.c, name: "helpfulness", value: 0.7 },
        { traceId: traces.a, name: "", value: 1 },
        { traceId: traces.a, name: "x", value: Number.POSITIVE_INFINITY },
        { traceId: traces.a, name: "tone", label: "x".repeat(201) },
        { traceId: "nothex", name: "x", value: 1 },
        { traceId: traces.a, name: "x" },
        { traceId: traces.a, name: "tone", label: "friendly" },
      ],
    });
    expect(result.accepted).toBe(4);
    expect(result.pending).toEqual([]);
    expect(result.rejected.map((r) => r.index)).toEqual([3, 4, 5, 6, 7]);
    expect(result.rejected[0]!.error).toMatch(/^name:/);
    expect(result.rejected[2]!.error).toMatch(/^label:.*200/);
    // Rewrite a's helpfulness: the average must use 0.5, not 0.9.
    await writeScores({ ctx, items: [{ traceId: traces.a, name: "helpfulness", value: 0.5 }] });
    const { data } = await metrics({ groupBy: "name", name: "helpfulness" });
    expect(data).toEqual([expect.objectContaining({ name: "helpfulness", count: 3 })]);
    expect(data[0]!.avg).toBeCloseTo((0.5 + 0.2 + 0.7) / 3, 12);
  });

  it("aggregates exactly by model, prompt version and feature, with label counts", async () => {
    const byModel = await metrics({ groupBy: "name,model", name: "helpfulness" });
    expect(byModel.data.map((r) => [r.model, r.count, Number((r.avg as number).toFixed(6))])).toEqual([
      ["claude-sonnet-4", 1, 0.7],
      ["gpt-4o", 2, 0.35],
    ]);
    const byPrompt = await metrics({ groupBy: "promptVersion", name: "helpfulness" });
    expect(byPrompt.data.map((r) => r.promptVersion)).toEqual(["answer@3", "answer@4"]);
    const tone = await metrics({ groupBy: "feature", name: "tone" });
    expect(tone.data).toEqual([
      expect.objectContaining({ feature: "support", avg: null, count: 1, labels: { friendly: 1 } }),
    ]);
    const daily = await metrics({ groupBy: "name", name: "helpfulness", interval: "hour" });
    expect(daily.data.reduce((s, r) => s + r.count, 0)).toBe(3);
  });

  it("computes rule scores at ingest with the trace's attribution", async () => {
    const { data } = await metrics({ groupBy: "name,feature", source: "rule" });
    expect(data).toEqual([
      expect.objectContaining({ name: "empty_output", feature: "search", avg: 0, count: 1 }),
      expect.objectContaining({ name: "empty_output", feature: "support", avg: 0.5, count: 2 }),
      expect.objectContaining({ name: "refusal", feature: "search", avg: 0, count: 1 }),
      expect.objectContaining({ name: "refusal", feature: "support", avg: 0, count: 2 }),
    ]);
  });

  it("keeps a score for a trace that has not arrived, attributes it when it does, and reports orphans after the grace window", async () => {
    const late = traceId();
    const never = traceId();
    const written = await writeScores({
      ctx,
      items: [
        { traceId: late, name: "thumbs", value: 1 },
        { traceId: never, name: "thumbs", value: 0 },
      ],
    });
    expect(written.pending).toEqual([0, 1]);
    await ingest([{ ...chat(late, "gpt-4o", "billing", "ok"), parentSpanId: undefined }]);
    expect((await resolveScores(ctx.projectId)).rewritten).toBe(1);
    const { data } = await metrics({ groupBy: "feature", name: "thumbs" });
    // The pending one counts under its own time with no attribution until it is resolved or orphaned.
    expect(data).toEqual([
      expect.objectContaining({ feature: "", count: 1 }),
      expect.objectContaining({ feature: "billing", avg: 1, count: 1 }),
    ]);
    expect((await orphanedScores(ctx.projectId)).count).toBe(0);
    const later = new Date(Date.now() + 16 * 60_000);
    const orphans = await orphanedScores(ctx.projectId, { now: later });
    expect(orphans.count).toBe(1);
    expect(orphans.data[0]).toMatchObject({ traceId: never, name: "thumbs", value: 0 });
  });

  it("re-attributes recent scores when a late root changes the trace's feature", async () => {
    const trace = traceId();
    const root = spanId();
    const child: JsonSpan = {
      ...chat(trace, "gpt-4o", "", "fine"),
      parentSpanId: root,
      attributes: { ...chat(trace, "gpt-4o", "", "fine").attributes, "feature.name": "", "tenant.id": "" },
    };
    await ingest([child]);
    await ingest([
      {
        traceId: trace,
        spanId: root,
        name: "request",
        startMs: now.getTime() - 2 * HOUR - 10,
        durationMs: 500,
        attributes: { "feature.name": "onboarding", "tenant.id": "globex" },
      },
    ]);
    await resolveScores(ctx.projectId);
    const { data } = await metrics({ groupBy: "feature,tenant", name: "empty_output", feature: "onboarding" });
    expect(data).toEqual([expect.objectContaining({ feature: "onboarding", tenant: "globex", count: 1 })]);
  });

  it("lists a trace's scores for the trace view", async () => {
    const scores = await traceScores({ ctx, traceId: traces.a });
    expect(scores.find((s) => s.name === "helpfulness")).toMatchObject({ value: 0.5, source: "api", spanId: null });
    expect(
      scores
        .filter((s) => s.source === "rule")
        .map((s) => s.name)
        .sort(),
    ).toEqual(["empty_output", "refusal"]);
  });
});
