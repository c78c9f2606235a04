import "server-only";
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { notFound } from "@/lib/api/errors";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { summarizeExperiment, type CheckResults, type ItemResult } from "@/lib/domain/stats/experiment";
import { itemsOf, ownedSet, type SetItem } from "@/lib/sets/regression-sets";
import { markInterruptedExperiments, type ExperimentRow } from "./experiment-rows";

// Reading stored experiments: a set's list (no payloads: readable like the set list) and one
// experiment's results (answers: gated like a set's items), progress included while it runs.

export const publicExperiment = (e: ExperimentRow) => ({
  id: e.id,
  setId: e.setId,
  setVersion: e.setVersion,
  variant: e.variant as { model: string; systemPrompt?: string; parameters?: Record<string, number> },
  checks: e.checks,
  concurrency: e.concurrency,
  costCapUsd: e.costCapUsd,
  status: e.status,
  error: e.error,
  traceId: e.traceId,
  itemCount: e.itemCount,
  totals: e.totals,
  createdBy: e.createdBy,
  startedAt: e.startedAt,
  finishedAt: e.finishedAt,
});
export type ExperimentSummary = ReturnType<typeof publicExperiment>;

/** For the checked verbs: the experiment of this project, or notFound. */
export async function ownedExperiment(projectId: string, id: string): Promise<ExperimentRow> {
  await markInterruptedExperiments({ atStart: false, projectId });
  const e = schema.experiments;
  const [row] = await (
    await db()
  )
    .select()
    .from(e)
    .where(and(eq(e.id, id), eq(e.projectId, projectId)))
    .limit(1);
  if (!row) throw notFound("Experiment not found");
  return row;
}

export async function listExperiments({ ctx, setId }: { ctx: ProjectContext; setId: string }) {
  requirePermission(ctx, "project.read");
  const set = await ownedSet(ctx.projectId, setId);
  await markInterruptedExperiments({ atStart: false, projectId: ctx.projectId });
  const e = schema.experiments;
  const i = schema.experimentItems;
  const database = await db();
  const rows = await database.select().from(e).where(eq(e.setId, set.id)).orderBy(desc(e.startedAt));
  const done = rows.length
    ? await database
        .select({ experimentId: i.experimentId, n: count() })
        .from(i)
        .where(
          inArray(
            i.experimentId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(i.experimentId)
    : [];
  const finished = new Map(done.map((d) => [d.experimentId, Number(d.n)]));
  // The system prompt is a payload: roles without payloads see the variant's model and parameters.
  const showPayloads = can(ctx.role, "payloads.read");
  return rows.map((r) => {
    const experiment = publicExperiment(r);
    const { model, parameters } = experiment.variant;
    return {
      ...experiment,
      variant: showPayloads ? experiment.variant : { model, parameters },
      itemsFinished: finished.get(r.id) ?? 0,
    };
  });
}

export type StoredItem = ItemResult & { input: unknown[]; traceId: string; spanId: string };

/** The stored item rows of one experiment with their set items, in the set's order. */
export async function experimentItemsOf(experiment: ExperimentRow): Promise<{ set: SetItem[]; done: StoredItem[] }> {
  const set = await itemsOf(await ownedSet(experiment.projectId, experiment.setId), experiment.setVersion);
  const i = schema.experimentItems;
  const rows = await (await db()).select().from(i).where(eq(i.experimentId, experiment.id)).orderBy(asc(i.finishedAt));
  const bySetItem = new Map(set.map((s) => [s.id, s]));
  const done = rows.map((r): StoredItem => {
    const source = bySetItem.get(r.itemId);
    const scores = r.scores as { rules: Record<string, number>; judge: number | null; checks: CheckResults };
    return {
      itemId: r.itemId,
      input: source?.input ?? [],
      answer: r.answer,
      recordedOutput: source?.recordedOutput ?? "",
      expectedOutput: source?.expectedOutput ?? null,
      error: r.error,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      costUsd: r.costUsd,
      judgeCostUsd: r.judgeCostUsd,
      latencyMs: r.latencyMs,
      rules: scores.rules,
      judge: scores.judge,
      checks: scores.checks,
      traceId: r.traceId,
      spanId: r.spanId,
    };
  });
  return { set, done };
}

/** One experiment: its row, progress, and the results table (differing items first). */
export async function getExperiment({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "experiments.run");
  const experiment = await ownedExperiment(ctx.projectId, id);
  const { done } = await experimentItemsOf(experiment);
  const summary = summarizeExperiment(done);
  return {
    ...publicExperiment(experiment),
    itemsFinished: done.length,
    notRun: experiment.status === "running" ? 0 : experiment.itemCount - done.length,
    stoppedByCostCap: experiment.status === "stopped_by_cap",
    aggregate: summary.aggregate,
    items: summary.items as Array<StoredItem & { differs: boolean }>,
  };
}
