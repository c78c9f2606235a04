import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import { db, postgres, schema } from "@/db/postgres/client";
import type { ExperimentStatus } from "@/db/postgres/schema/experiments";
import type { ItemResult } from "@/lib/domain/stats/experiment";

// The experiment's rows as the run writes them: the run when it starts, one item row as each
// item finishes (so a page shows progress), the totals when it ends. Helpers for the runner
// (ingest/experiments) and the server start, which hold no request context.

/** A running row whose heartbeat is older than this has lost its process. */
export const HEARTBEAT_STALE_MS = 45_000;
export const HEARTBEAT_EVERY_MS = 15_000;

export type ExperimentRow = typeof schema.experiments.$inferSelect;
export type NewExperiment = typeof schema.experiments.$inferInsert;

export async function insertExperiment(row: NewExperiment): Promise<ExperimentRow> {
  const [inserted] = await (await db()).insert(schema.experiments).values(row).returning();
  return inserted!;
}

/** An item's result with where its spans are; also the run's heartbeat. */
export async function recordExperimentItem(
  experimentId: string,
  result: ItemResult & { inputTokens: number | null; outputTokens: number | null; judgeCostUsd: number },
  at: { traceId: string; spanId: string },
): Promise<void> {
  const database = await db();
  await database.insert(schema.experimentItems).values({
    experimentId,
    itemId: result.itemId,
    answer: result.answer,
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    costUsd: result.costUsd,
    judgeCostUsd: result.judgeCostUsd,
    latencyMs: Math.round(result.latencyMs),
    error: result.error,
    scores: { rules: result.rules, judge: result.judge, checks: result.checks },
    traceId: at.traceId,
    spanId: at.spanId,
  });
  await touchExperiment(experimentId);
}

export async function touchExperiment(experimentId: string): Promise<void> {
  await (await db())
    .update(schema.experiments)
    .set({ heartbeatAt: new Date() })
    .where(eq(schema.experiments.id, experimentId));
}

export async function finishExperiment(
  experimentId: string,
  end: { status: Exclude<ExperimentStatus, "running">; totals: Record<string, unknown> | null; error?: string },
): Promise<void> {
  const e = schema.experiments;
  await (
    await db()
  )
    .update(e)
    .set({ status: end.status, totals: end.totals, error: end.error ?? null, finishedAt: new Date() })
    .where(and(eq(e.id, experimentId), eq(e.status, "running")));
}

/**
 * Running rows whose process is gone become `interrupted`. With embedded Postgres only this
 * process can hold the store, so at its start every running row is gone; a shared Postgres may
 * have other servers running theirs, so only rows with a stale heartbeat are.
 */
export async function markInterruptedExperiments({
  atStart,
  projectId,
}: {
  atStart: boolean;
  projectId?: string;
}): Promise<number> {
  const e = schema.experiments;
  const handle = await postgres();
  const everyRunning = atStart && handle.mode === "embedded";
  const stale = new Date(Date.now() - HEARTBEAT_STALE_MS);
  const rows = await handle.db
    .update(e)
    .set({ status: "interrupted", finishedAt: sql`now()` })
    .where(
      and(
        eq(e.status, "running"),
        projectId ? eq(e.projectId, projectId) : undefined,
        everyRunning ? undefined : lt(e.heartbeatAt, stale),
      ),
    )
    .returning({ id: e.id });
  return rows.length;
}
