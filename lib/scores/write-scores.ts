import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { USAGE_SPAN_COLUMNS } from "@/lib/domain/usage/usage-rows";
import { ServiceError } from "@/lib/api/errors";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { insertRows, queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { columns, sql, strs } from "@/lib/clickhouse/sql";
import { toClickHouseTime } from "@/lib/domain/span/span-time";
import { attributeScores, SCORED_SPAN_COLUMNS, type ScoredSpan } from "@/lib/domain/scores/attribute-scores";
import {
  MAX_COMMENT_CHARS,
  MAX_LABEL_CHARS,
  MAX_NAME_CHARS,
  SCORE_SOURCES,
  type ScoreDraft,
  type ScoreRow,
  type ScoreSource,
} from "@/lib/domain/scores/score-row";

// POST /api/v1/scores and everything else that writes scores from outside a span (feedback,
// annotations, the judge). Each item is validated on its own; refused items are named by index
// and the rest are written. A score whose trace has not arrived is kept, answered as pending,
// and attributed once the trace is in (see resolve-scores.ts).

export const MAX_SCORES_PER_REQUEST = 1000;
const hexId = (length: number) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(new RegExp(`^[0-9a-f]{${length}}$`), `must be ${length} hex characters`);

export const scoreItem = z
  .object({
    traceId: hexId(32).optional(),
    spanId: hexId(16).optional(),
    /** A score about a whole session (conversation) instead of a trace. */
    sessionId: z.string().min(1, "must not be empty").max(256).optional(),
    name: z.string().trim().min(1, "must not be empty").max(MAX_NAME_CHARS),
    value: z.number().finite("must be a finite number").optional(),
    label: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(MAX_LABEL_CHARS, `must be at most ${MAX_LABEL_CHARS} characters`)
      .optional(),
    source: z.enum(SCORE_SOURCES).optional(),
    comment: z.string().max(MAX_COMMENT_CHARS).optional(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((s) => s.value !== undefined || s.label !== undefined, {
    message: "a score needs a value or a label",
    path: ["value"],
  })
  .refine((s) => (s.traceId === undefined) !== (s.sessionId === undefined), {
    message: "give a traceId or a sessionId (one of them)",
    path: ["traceId"],
  })
  .refine((s) => s.sessionId === undefined || s.spanId === undefined, {
    message: "a session's score is about the whole session: no spanId",
    path: ["spanId"],
  });
export type ScoreItem = z.infer<typeof scoreItem>;

export const scoreBatchBody = z.object({ scores: z.array(z.unknown()).min(1).max(MAX_SCORES_PER_REQUEST) });

/** GET /api/v1/scores: one trace's scores, or the orphaned ones. */
export const scoresQuery = z.union([
  z.object({ traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, "must be 32 hex characters") }),
  z.object({ status: z.literal("orphaned"), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
]);

export type Rejection = { index: number; error: string };

/** Validates each item alone: the valid ones and, for the rest, the first problem with its field. */
export function validateScoreItems(items: unknown[]): {
  valid: Array<{ index: number; item: ScoreItem }>;
  rejected: Rejection[];
} {
  const valid: Array<{ index: number; item: ScoreItem }> = [];
  const rejected: Rejection[] = [];
  items.forEach((raw, index) => {
    const parsed = scoreItem.safeParse(raw);
    if (parsed.success) valid.push({ index, item: parsed.data });
    else {
      const issue = parsed.error.issues[0]!;
      rejected.push({ index, error: `${issue.path.join(".") || "score"}: ${issue.message}` });
    }
  });
  return { valid, rejected };
}

async function authorOf(ctx: ProjectContext): Promise<string> {
  if (ctx.actor.type === "user") {
    const [user] = await (await db())
      .select({ email: schema.users.email })
      .from(schema.users)
      .where(eq(schema.users.id, ctx.actor.userId))
      .limit(1);
    return user?.email ?? `user:${ctx.actor.userId}`;
  }
  return ctx.actor.type === "api_key" ? `api_key:${ctx.actor.keyId}` : "system";
}

/** The stored spans of these traces, with what attribution needs. */
export async function spansForScores(projectId: string, traceIds: string[]): Promise<ScoredSpan[]> {
  if (traceIds.length === 0) return [];
  return queryRows<ScoredSpan>({
    projectId,
    tag: "scores.attribution_spans",
    query: sql`SELECT ${columns([...USAGE_SPAN_COLUMNS, ...SCORED_SPAN_COLUMNS])} FROM ${tables.spans}
      WHERE ${tables.spans.scope} AND trace_id IN ${strs([...new Set(traceIds)])} LIMIT 1 BY trace_id, span_id`,
  });
}

/** Attributes and inserts drafts of one project; answers the rows as written. */
export async function insertScoreDrafts(projectId: string, drafts: ScoreDraft[]): Promise<ScoreRow[]> {
  const rows = attributeScores(
    drafts,
    await spansForScores(
      projectId,
      drafts.map((d) => d.trace_id),
    ),
  );
  await insertRows("scores", rows);
  return rows;
}

/**
 * The trace each valid item is written on: its own, or for a session's score the session's
 * first trace (session_traces, migration 0017). A session not stored is refused by index.
 */
async function withSessionTraces(
  projectId: string,
  valid: Array<{ index: number; item: ScoreItem }>,
  rejected: Rejection[],
): Promise<{ valid: Array<{ index: number; item: ScoreItem; traceId: string }>; rejected: Rejection[] }> {
  const sessions = [...new Set(valid.flatMap(({ item }) => (item.sessionId ? [item.sessionId] : [])))];
  const first = sessions.length
    ? await queryRows<{ session_id: string; trace_id: string }>({
        projectId,
        tag: "scores.session_traces",
        query: sql`
          SELECT session_id, argMin(trace_id, (first_start, trace_id)) AS trace_id FROM (
            SELECT session_id, trace_id, min(start_time) AS first_start FROM ${tables.session_traces}
            WHERE ${tables.session_traces.scope} AND session_id IN ${strs(sessions)} GROUP BY session_id, trace_id)
          GROUP BY session_id`,
      })
    : [];
  const traceOf = new Map(first.map((r) => [r.session_id, r.trace_id]));
  const out: Array<{ index: number; item: ScoreItem; traceId: string }> = [];
  const refused = [...rejected];
  for (const v of valid) {
    const traceId = v.item.traceId ?? traceOf.get(v.item.sessionId!);
    if (traceId) out.push({ ...v, traceId });
    else refused.push({ index: v.index, error: "sessionId: no such session in this project" });
  }
  return { valid: out, rejected: refused.sort((a, b) => a.index - b.index) };
}

/** Scores written by a member or an API key: `scores.write`, attributed to who wrote them. */
export async function writeScores({
  ctx,
  items,
  defaultSource = "api",
  authorOverride,
}: {
  ctx: ProjectContext;
  items: unknown[];
  defaultSource?: ScoreSource;
  authorOverride?: string;
}) {
  requirePermission(ctx, "scores.write");
  return storeScores({
    projectId: ctx.projectId,
    items,
    defaultSource,
    author: authorOverride ?? (await authorOf(ctx)),
  });
}

/** No role check: for a credential that is not a member's role (a feedback key, checked by its caller). */
export async function storeScores({
  projectId,
  items,
  defaultSource,
  author,
}: {
  projectId: string;
  items: unknown[];
  defaultSource: ScoreSource;
  author: string;
}) {
  if (items.length > MAX_SCORES_PER_REQUEST)
    throw new ServiceError("bad_request", `At most ${MAX_SCORES_PER_REQUEST} scores per request`, "scores");
  const checked = validateScoreItems(items);
  const { valid, rejected } = await withSessionTraces(projectId, checked.valid, checked.rejected);
  const now = new Date();
  const drafts: ScoreDraft[] = valid.map(({ item, traceId }) => ({
    project_id: projectId,
    trace_id: traceId,
    session_id: item.sessionId ?? "",
    span_id: item.spanId ?? "",
    name: item.name,
    source: item.source ?? defaultSource,
    value: item.value ?? null,
    label: item.label ?? "",
    comment: item.comment ?? "",
    author,
    score_time: toClickHouseTime(item.timestamp ? new Date(item.timestamp) : now),
  }));
  const rows = await insertScoreDrafts(projectId, drafts);
  // Pending: the trace (or span) is not in yet; kept, attributed when it arrives, else reported as orphaned.
  const pending = rows.flatMap((row, i) => (row.trace_found ? [] : [valid[i]!.index]));
  return { accepted: rows.length, rejected, pending };
}
