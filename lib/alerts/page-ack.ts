import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { notFound } from "@/lib/api/errors";
import { actorLabel } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { getRule } from "./rules";

// Acknowledging a firing page: someone has it, so it stops escalating (until it fires again).

export const pageAckInput = z.object({ groupKey: z.string().max(1000).default("") });

async function actorName(ctx: ProjectContext): Promise<string> {
  if (ctx.actor.type !== "user") return actorLabel(ctx.actor);
  const [user] = await (await db())
    .select({ email: schema.users.email })
    .from(schema.users)
    .where(eq(schema.users.id, ctx.actor.userId))
    .limit(1);
  return user?.email ?? actorLabel(ctx.actor);
}

export async function acknowledgePage({
  ctx,
  id,
  input,
  now = new Date(),
}: {
  ctx: ProjectContext;
  id: string;
  input: z.infer<typeof pageAckInput>;
  now?: Date;
}) {
  requirePermission(ctx, "tickets.write");
  const rule = await getRule(ctx, id);
  const st = schema.alertStates;
  const [row] = await (
    await db()
  )
    .update(st)
    .set({ acknowledgedBy: await actorName(ctx), acknowledgedAt: now })
    .where(and(eq(st.ruleId, rule.id), eq(st.groupKey, input.groupKey), eq(st.state, "firing")))
    .returning();
  if (!row) throw notFound("No firing group with this key");
  return { groupKey: row.groupKey, acknowledgedBy: row.acknowledgedBy, acknowledgedAt: row.acknowledgedAt };
}
