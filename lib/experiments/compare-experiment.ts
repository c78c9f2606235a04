import "server-only";
import { z } from "zod";
import { ServiceError } from "@/lib/api/errors";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, strs } from "@/lib/clickhouse/sql";
import { checkAnswer, experimentChecks } from "@/lib/domain/stats/experiment";
import { compareRuns, type ComparedItem, type Side } from "@/lib/domain/stats/experiment-compare";
import type { SpanRow } from "@/lib/domain/span/span-row";
import { loadPricing } from "@/lib/pricing/price-catalog";
import { spanCost } from "@/lib/pricing/price-span";
import type { SetItem } from "@/lib/sets/regression-sets";
import { experimentItemsOf, ownedExperiment, publicExperiment, type StoredItem } from "./read-experiments";

// The results table of an experiment against the recorded answers or against another
// experiment of the same set. The recorded side's cost, latency and error come from the span
// the item was taken from (when it was taken from a trace); its checks are the experiment's
// checks applied to the recorded answer; it has no judge score.

export const compareQuery = z.object({
  against: z.union([z.literal("recorded"), z.uuid("must be recorded or an experiment id")]).default("recorded"),
});

const sideOf = (i: StoredItem): Side => ({
  answer: i.answer,
  error: i.error,
  costUsd: i.costUsd,
  latencyMs: i.latencyMs,
  judge: i.judge,
  checks: i.checks,
});

async function recordedSides(projectId: string, items: SetItem[], checks: z.infer<typeof experimentChecks>) {
  const traced = items.filter((i) => i.traceId && i.spanId);
  const spans = traced.length
    ? await queryRows<SpanRow>({
        projectId,
        tag: "experiments.compare.recorded",
        query: sql`
          SELECT * EXCEPT (ingested_at) FROM ${tables.spans}
          WHERE ${tables.spans.scope} AND trace_id IN ${strs([...new Set(traced.map((i) => i.traceId!))])}
            AND span_id IN ${strs(traced.map((i) => i.spanId!))}
          ORDER BY trace_id, span_id, ingested_at DESC LIMIT 1 BY trace_id, span_id`,
      })
    : [];
  const pricing = spans.length ? await loadPricing(projectId) : null;
  const bySpan = new Map(spans.map((s) => [`${s.trace_id}/${s.span_id}`, s]));
  return new Map(
    items.map((item): [string, Side] => {
      const span = bySpan.get(`${item.traceId}/${item.spanId}`);
      return [
        item.id,
        {
          answer: item.recordedOutput,
          error: span?.status === "error" ? span.status_message || "error" : null,
          costUsd: span && pricing ? spanCost(span, pricing) : null,
          latencyMs: span ? span.duration_ms : null,
          judge: null,
          checks: checkAnswer(item.recordedOutput, item.expectedOutput, checks),
        },
      ];
    }),
  );
}

export async function compareExperiment({
  ctx,
  id,
  query,
}: {
  ctx: ProjectContext;
  id: string;
  query: z.infer<typeof compareQuery>;
}) {
  requirePermission(ctx, "experiments.run");
  const experiment = await ownedExperiment(ctx.projectId, id);
  const { set, done } = await experimentItemsOf(experiment);
  const variant = new Map(done.map((i) => [i.itemId, sideOf(i)]));
  let baseline: Map<string, Side>;
  let baselineItems: SetItem[] = set;
  let against: { kind: "recorded" } | { kind: "experiment"; id: string; model: string; setVersion: number };
  if (query.against === "recorded") {
    baseline = await recordedSides(ctx.projectId, set, experimentChecks.parse(experiment.checks));
    against = { kind: "recorded" };
  } else {
    const other = await ownedExperiment(ctx.projectId, query.against);
    if (other.setId !== experiment.setId)
      throw new ServiceError("bad_request", "against: that experiment ran another set", "against");
    const otherItems = await experimentItemsOf(other);
    baseline = new Map(otherItems.done.map((i) => [i.itemId, sideOf(i)]));
    baselineItems = otherItems.set;
    const model = (other.variant as { model?: string }).model ?? "";
    against = { kind: "experiment", id: other.id, model, setVersion: other.setVersion };
  }
  // Both versions' items: an item only one side's version holds shows as differing.
  const union = new Map<string, SetItem>([...baselineItems, ...set].map((i) => [i.id, i]));
  const items: ComparedItem[] = [...union.values()].map((item) => ({
    itemId: item.id,
    input: item.input,
    expectedOutput: item.expectedOutput,
    variant: variant.get(item.id) ?? null,
    baseline: baseline.get(item.id) ?? null,
  }));
  return {
    experiment: { ...publicExperiment(experiment), itemsFinished: done.length },
    against,
    ...compareRuns(items),
  };
}
