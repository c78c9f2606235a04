import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, isNull, lte, gt, or } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { notFound } from "@/lib/api/errors";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

// Regression sets: inputs worth re-running, each with its recorded output and optionally an
// expected output or a label. Every change makes a new version; a version's items are those
// added at or before it and not removed by then, so an experiment names the version it ran.

export const setInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(""),
});

export const setVersionQuery = z.object({ version: z.coerce.number().int().min(0).optional() });

const message = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string().max(500_000).nullable(),
  tool_calls: z.array(z.unknown()).max(50).optional(),
  tool_call_id: z.string().max(200).optional(),
});
/** One item as imported or added: the messages, and what is known of the answer. */
export const itemInput = z.object({
  input: z.array(message).min(1, "needs at least one message").max(500),
  model: z.string().trim().max(200).default(""),
  recordedOutput: z.string().max(500_000).default(""),
  expectedOutput: z.string().max(500_000).nullable().default(null),
  label: z.string().trim().max(200).nullable().default(null),
  traceId: z.string().max(64).nullable().default(null),
  spanId: z.string().max(32).nullable().default(null),
});
export type ItemInput = z.infer<typeof itemInput>;

type SetRow = typeof schema.regressionSets.$inferSelect;
type ItemRow = typeof schema.regressionSetItems.$inferSelect;

const publicItem = (i: ItemRow) => ({
  id: i.id,
  input: i.input,
  model: i.model,
  recordedOutput: i.recordedOutput,
  expectedOutput: i.expectedOutput,
  label: i.label,
  traceId: i.traceId,
  spanId: i.spanId,
  addedIn: i.addedIn,
});
export type SetItem = ReturnType<typeof publicItem>;

/** For the checked verbs: the set of this project, or notFound. */
export async function ownedSet(projectId: string, id: string): Promise<SetRow> {
  const s = schema.regressionSets;
  const [row] = await (
    await db()
  )
    .select()
    .from(s)
    .where(and(eq(s.id, id), eq(s.projectId, projectId)))
    .limit(1);
  if (!row) throw notFound("Regression set not found");
  return row;
}

/** The items of one version of a set (the latest by default). */
export async function itemsOf(set: SetRow, version = set.version): Promise<SetItem[]> {
  const i = schema.regressionSetItems;
  const rows = await (
    await db()
  )
    .select()
    .from(i)
    .where(and(eq(i.setId, set.id), lte(i.addedIn, version), or(isNull(i.removedIn), gt(i.removedIn, version))))
    .orderBy(asc(i.addedIn), asc(i.createdAt), asc(i.id));
  return rows.map(publicItem);
}

/** Adds items as a new version; answers the set as it now is. */
export async function appendItems(set: SetRow, items: ItemInput[]) {
  if (items.length === 0) return { ...set, added: 0 };
  const version = set.version + 1;
  // A millisecond apart, so that items read back in the order given (a session's turns):
  // rows of one insert share now(), and the id that broke the tie is random.
  const at = Date.now();
  const [updated] = await (
    await db()
  ).transaction(async (tx) => {
    await tx.insert(schema.regressionSetItems).values(
      items.map((item, i) => ({
        id: randomUUID(),
        setId: set.id,
        addedIn: version,
        createdAt: new Date(at + i),
        ...item,
      })),
    );
    return tx
      .update(schema.regressionSets)
      .set({ version, updatedAt: new Date() })
      .where(eq(schema.regressionSets.id, set.id))
      .returning();
  });
  return { ...updated!, added: items.length };
}

export async function createSet({ ctx, input }: { ctx: ProjectContext; input: z.infer<typeof setInput> }) {
  requirePermission(ctx, "experiments.run");
  const [row] = await (
    await db()
  )
    .insert(schema.regressionSets)
    .values({ id: randomUUID(), projectId: ctx.projectId, ...input })
    .returning();
  return row!;
}

export async function listSets({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "project.read");
  const s = schema.regressionSets;
  return (await db()).select().from(s).where(eq(s.projectId, ctx.projectId)).orderBy(desc(s.updatedAt));
}

/** A set with the items of one version; items hold prompts and answers, hence the permission. */
export async function getSet({ ctx, id, version }: { ctx: ProjectContext; id: string; version?: number }) {
  requirePermission(ctx, "experiments.run");
  const set = await ownedSet(ctx.projectId, id);
  const at = version === undefined ? set.version : Math.min(Math.max(0, version), set.version);
  return { ...set, shownVersion: at, items: await itemsOf(set, at) };
}
