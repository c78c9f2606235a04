import "server-only";
import { z } from "zod";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, strs } from "@/lib/clickhouse/sql";
import { answerText, toChatMessages } from "@/lib/domain/genai/chat-messages";
import { listTraces, listTracesQuery } from "@/lib/traces/list-traces";
import { appendItems, itemsOf, ownedSet, type ItemInput } from "./regression-sets";

// "Add to set" on a trace or on a filtered trace list: each trace gives one item, the first LLM
// call's messages and model with the trace's last answer as the recorded output. Traces already
// in the set, and traces without an LLM call, are skipped (and counted).

export const MAX_ADD = 1000;
const ID = /^[0-9a-f]{32}$/;

export const addToSetInput = z
  .object({
    traceIds: z.array(z.string().regex(ID, "must be 32 hex digits")).max(MAX_ADD).optional(),
    /** A trace list filter (as /traces takes it); its newest traces up to MAX_ADD are added. */
    filter: listTracesQuery.omit({ cursor: true, limit: true }).optional(),
    expectedOutput: z.string().max(500_000).nullable().default(null),
    label: z.string().trim().max(200).nullable().default(null),
  })
  .refine((v) => (v.traceIds === undefined) !== (v.filter === undefined), {
    path: ["traceIds"],
    message: "give either traceIds or filter",
  });

type Step = { trace_id: string; first_span: string; first_input: string; first_model: string; last_output: string };

async function tracesOf(ctx: ProjectContext, input: z.infer<typeof addToSetInput>): Promise<string[]> {
  if (input.traceIds) return [...new Set(input.traceIds)];
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
          GROUP BY trace_id`,
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
