import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { modelFamily } from "@/lib/domain/pricing/model-family";
import { writeScores } from "@/lib/scores/write-scores";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { qualityMetrics, qualityMetricsQuery } from "./quality-metrics";
import { qualityParams, qualityView } from "./quality-view";

// A model served under dated snapshot names is one model in quality reads (its family, by
// lib/domain/pricing/model-family.ts, applied in SQL from the same pattern), listed with its snapshots.

const DAY = 86_400_000;
const now = new Date(Date.UTC(2026, 10, 20, 12));
const served = [
  ["gpt-4o", 0.9],
  ["gpt-4o-2024-08-06", 0.7],
  ["gpt-4o-2024-11-20", 0.5],
  ["claude-sonnet-4-20250514", 0.4],
  ["mistral-large-2407", 0.3],
] as const;
let ctx: ProjectContext;

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const ids = served.map(() => traceId());
  const spans: JsonSpan[] = served.map(([model], i) => ({
    traceId: ids[i]!,
    spanId: spanId(),
    name: "answer",
    startMs: now.getTime() - DAY - i * 60_000,
    durationMs: 50,
    attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": model, "feature.name": "faq" },
  }));
  const { rows, scores } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows, scores);
  await writeScores({ ctx, items: served.map(([, value], i) => ({ traceId: ids[i]!, name: "correctness", value })) });
});

describe("models and their dated snapshots in quality reads", () => {
  it("splits by model once per family, and lists each family's snapshots", async () => {
    const view = await qualityView({
      ctx,
      params: qualityParams.parse({ range: "7d", name: "correctness", split: "model", compare: "model" }),
      now,
    });
    const families = [...new Set(served.map(([m]) => modelFamily(m)))].sort();
    expect(families).toEqual(["claude-sonnet-4", "gpt-4o", "mistral-large"]);
    expect(view.selected!.series.keys.sort()).toEqual(families);
    const gpt = view.selected!.series.points.map((p) => (p as Record<string, unknown>)["gpt-4o"]).find(Boolean);
    expect(gpt).toBeCloseTo((0.9 + 0.7 + 0.5) / 3, 12);
    expect(view.models).toEqual([
      { model: "claude-sonnet-4", snapshots: ["claude-sonnet-4-20250514"] },
      { model: "gpt-4o", snapshots: ["gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-2024-11-20"] },
      { model: "mistral-large", snapshots: ["mistral-large-2407"] },
    ]);
    expect(view.selected!.compare.options.sort()).toEqual(families);
    // The lowest traces keep the name that was served.
    expect(view.selected!.lowest.map((l) => l.model)).toContain("gpt-4o-2024-11-20");
  });

  it("filters by a family or by one of its snapshot names alike", async () => {
    for (const model of ["gpt-4o", "gpt-4o-2024-08-06"]) {
      const answer = await qualityMetrics({
        ctx,
        query: qualityMetricsQuery.parse({
          from: new Date(now.getTime() - 7 * DAY).toISOString(),
          to: now.toISOString(),
          groupBy: "model",
          model,
        }),
      });
      expect(answer.data).toMatchObject([{ name: "correctness", model: "gpt-4o", count: 3 }]);
    }
  });
});
