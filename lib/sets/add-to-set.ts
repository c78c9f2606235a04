import "server-only";
import { z } from "zod";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { param, sql, str, strs } from "@/lib/clickhouse/sql";
import { notFound } from "@/lib/api/errors";
import { answerText, toChatMessages } from "@/lib/domain/genai/chat-messages";
import { listTraces, listTracesQuery } from "@/lib/traces/list-traces";
import { appendItems, itemsOf, ownedSet, type ItemInput } from "./regression-sets";

// "Add to set" on a trace, on a filtered trace list or on a session: each trace gives one item,
// the first LLM call's messages and model with the trace's last answer as the recorded output.
// A session gives one item per turn (its traces, in order): a turn's model call carries the
// conversation so far, so each turn re-runs on its own and compares turn by turn. Traces
// already in the set, and traces without an LLM call, are skipped (and counted).

export const MAX_ADD = 1000;
const ID = /^[0-9a-f]{32}$/;

export const addToSetInput = z
  .object({
    traceIds: z.array(z.string().regex(ID, "must be 32 hex digits")).max(MAX_ADD).optional(),
    /** A trace list filter (as /traces takes it); its newest traces up to MAX_ADD are added. */
    filter: listTracesQuery.omit({ cursor: true, limit: true }).optional(),
    /** A session: each of its turns (traces, up to MAX_ADD) becomes an item. */
    sessionId: z.string().min(1).max(256).optional(),
    expectedOutput: z.string().max(500_000).nullable().default(null),
    label: z.string().trim().max(200).nullable().default(null),
  })
  .refine((v) => [v.traceIds, v.filter, v.sessionId].filter((x) => x !== undefined).length === 1, {
    path: ["traceIds"],
    message: "give one of traceIds, filter or sessionId",
  });

type Step = { trace_id: string; first_span: string; first_input: string; first_model: string; last_output: string };

async function tracesOf(ctx: ProjectContext, input: z.infer<typeof addToSetInput>): Promise<string[]> {
  if (input.traceIds) return [...new Set(input.traceIds)];
  if (input.sessionId !== undefined) {
    const turns = await queryRows<{ trace_id: string }>({
      projectId: ctx.projectId,
      tag: "sets.add.session",
      query: sql`
        SELECT trace_id FROM ${tables.session_traces}
        WHERE ${tables.session_traces.scope} AND session_id = ${str(input.sessionId)}
        GROUP BY trace_id ORDER BY min(start_time), trace_id LIMIT ${param(MAX_ADD, "UInt32")}`,
    });
    if (turns.length === 0) throw notFound("Session not found");
    return turns.map((t) => t.trace_id);
  }
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listTraces({ ctx, query: { ...input.filter!, limit: 500, cursor } });
    ids.push(...page.data.map((t) => t.traceId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && ids.length < MAX_ADD);
  return ids.slice(0, MAX_ADD);
}

export async function addToSet({
  ctx,
  id,
  input,
}: {
  ctx: ProjectContext;
  id: string;
  input: z.infer<typeof addToSetInput>;
}) {
  requirePermission(ctx, "experiments.run");
  const set = await ownedSet(ctx.projectId, id);
  const traceIds = await tracesOf(ctx, input);
  if (traceIds.length === 0) return { ...set, added: 0, skipped: 0 };
  const present = new Set((await itemsOf(set)).map((i) => i.traceId));
  const wanted = traceIds.filter((t) => !present.has(t));
  const steps = wanted.length
    ? await queryRows<Step>({
        projectId: ctx.projectId,
        tag: "sets.add",
        query: sql`
          SELECT trace_id, argMin(span_id, start_time) AS first_span, argMin(input, start_time) AS first_input,
                 argMin(model, start_time) AS first_model, argMax(output, end_time) AS last_output
          FROM ${tables.spans} WHERE ${tables.spans.scope} AND trace_id IN ${strs(wanted)} AND kind = 'llm' AND input != ''
          GROUP BY trace_id ORDER BY min(start_time), trace_id`,
      })
    : [];
  const items: ItemInput[] = steps
    .map((s) => ({
      input: toChatMessages(s.first_input),
      model: s.first_model,
      recordedOutput: answerText(s.last_output),
      expectedOutput: input.expectedOutput,
      label: input.label,
      traceId: s.trace_id,
      spanId: s.first_span,
    }))
    .filter((i) => i.input.length > 0);
  const updated = await appendItems(set, items);
  return { ...updated, skipped: traceIds.length - items.length };
}
