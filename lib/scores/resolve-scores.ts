import "server-only";
import { env } from "@/lib/config/env";
import { insertRows, queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { num, sql, time } from "@/lib/clickhouse/sql";
import { attributeScores } from "@/lib/domain/scores/attribute-scores";
import { LATEST_SCORE_COLUMNS as LATEST_COLUMNS, type LatestScore } from "./latest-score-columns";
import type { ScoreDraft } from "@/lib/domain/scores/score-row";
import { spansForScores } from "./write-scores";

// Scores can arrive before their trace (feedback is often faster than the exporter's batch), and
// a late root span can give a trace its tenant or feature after its scores were attributed.
// This pass re-attributes the scores that may be affected and re-writes those whose
// attribution changed (a newer version of the same key). A score whose trace is still unknown
// after the grace window is orphaned: kept, counted and listed, never dropped.

const graceMinutes = () => env().scores.graceMinutes;
const BATCH_TRACES = 2_000;

const ATTRIBUTION_FIELDS = [
  "trace_found",
  "trace_time",
  "tenant",
  "feature",
  "model",
  "prompt_name",
  "prompt_version",
] as const;

/**
 * Re-attributes pending scores, and those written within the grace window that still lack a
 * tenant or feature (what a late root can give them); answers how many were re-written.
 */
export async function resolveScores(
  projectId: string,
  now = new Date(),
): Promise<{ checked: number; rewritten: number }> {
  const since = new Date(now.getTime() - graceMinutes() * 60_000);
  const candidates = await queryRows<LatestScore>({
    projectId,
    tag: "scores.resolve.candidates",
    // The filter sits in a subquery: in the outer SELECT the argMax aliases shadow the columns.
    query: sql`SELECT ${LATEST_COLUMNS} FROM (SELECT * FROM ${tables.scores} WHERE ${tables.scores.scope} AND (trace_found = 0 OR (written_at >= ${time(since)} AND (tenant = '' OR feature = ''))))
      GROUP BY trace_id, span_id, name, source, session_id
      HAVING trace_found = 0 OR (max(written_at) >= ${time(since)} AND (tenant = '' OR feature = ''))
      LIMIT ${num(100_000)}`,
  });
  let rewritten = 0;
  for (let i = 0; i < candidates.length; i += BATCH_TRACES * 4) {
    const chunk = candidates.slice(i, i + BATCH_TRACES * 4);
    const drafts: ScoreDraft[] = chunk.map((c) => ({
      project_id: projectId,
      trace_id: c.trace_id,
      span_id: c.span_id,
      name: c.name,
      source: c.source,
      value: c.value,
      label: c.label,
      comment: c.comment,
      author: c.author,
      score_time: c.score_time,
      session_id: c.session_id,
    }));
    const rows = attributeScores(
      drafts,
      await spansForScores(
        projectId,
        drafts.map((d) => d.trace_id),
      ),
    );
    const changed = rows.filter((row, j) => {
      const before = chunk[j]!;
      // A score still pending stays as written; its time keeps counting towards the grace window.
      if (!row.trace_found) return false;
      return ATTRIBUTION_FIELDS.some((f) => String(row[f]) !== String(before[f]));
    });
    await insertRows("scores", changed);
    rewritten += changed.length;
  }
  return { checked: candidates.length, rewritten };
}

export type OrphanedScore = {
  traceId: string;
  spanId: string | null;
  name: string;
  source: string;
  value: number | null;
  label: string;
  scoreTime: string;
};

/** Scores whose trace (or span) never arrived within the grace window. */
export async function orphanedScores(
  projectId: string,
  { limit = 100, now = new Date() } = {},
): Promise<{ count: number; data: OrphanedScore[] }> {
  const cutoff = new Date(now.getTime() - graceMinutes() * 60_000);
  // Every version of the scores that were ever pending, so that a resolved score's newer version
  // wins even before the table merges it away (filtering versions on trace_found would not).
  const latest = sql`SELECT ${LATEST_COLUMNS} FROM (
      SELECT * FROM ${tables.scores} WHERE ${tables.scores.scope} AND trace_id IN (SELECT trace_id FROM ${tables.scores} WHERE ${tables.scores.scope} AND trace_found = 0))
    GROUP BY trace_id, span_id, name, source, session_id HAVING trace_found = 0 AND score_time < ${time(cutoff)}`;
  const [counted] = await queryRows<{ n: number }>({
    projectId,
    tag: "scores.orphans.count",
    query: sql`SELECT count() AS n FROM (${latest})`,
  });
  const rows = await queryRows<LatestScore>({
    projectId,
    tag: "scores.orphans.list",
    query: sql`${latest} ORDER BY score_time DESC LIMIT ${num(limit)}`,
  });
  return {
    count: Number(counted?.n ?? 0),
    data: rows.map((r) => ({
      traceId: r.trace_id,
      spanId: r.span_id || null,
      name: r.name,
      source: r.source,
      value: r.value,
      label: r.label,
      scoreTime: new Date(`${r.score_time.replace(" ", "T")}Z`).toISOString(),
    })),
  };
}
