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
    traceId: hexId(32),
    spanId: hexId(16).optional(),
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
  const { valid, rejected } = validateScoreItems(items);
  const now = new Date();
  const drafts: ScoreDraft[] = valid.map(({ item }) => ({
    project_id: projectId,
    trace_id: item.traceId,
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
