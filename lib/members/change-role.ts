import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { db, schema, type Database } from "@/db/postgres/client";
import { ROLES } from "@/db/postgres/schema";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { ServiceError, notFound } from "@/lib/api/errors";

export const changeRoleInput = z.object({ userId: z.string().min(1), role: z.enum(ROLES) });

/** A project must keep at least one admin, or nobody could manage it again. */
export async function assertAnotherAdmin(database: Database, projectId: string, userId: string) {
  const others = await database
    .select({ userId: schema.memberships.userId })
    .from(schema.memberships)
    .where(and(eq(schema.memberships.projectId, projectId), eq(schema.memberships.role, "admin"), ne(schema.memberships.userId, userId)))
    .limit(1);
  if (others.length === 0) throw new ServiceError("conflict", "A project needs at least one admin");
}

export async function changeRole({ ctx, input }: { ctx: ProjectContext; input: z.infer<typeof changeRoleInput> }) {
  requirePermission(ctx, "members.manage");
  const database = await db();
  const m = schema.memberships;
  const where = and(eq(m.projectId, ctx.projectId), eq(m.userId, input.userId));
  const [current] = await database.select({ role: m.role }).from(m).where(where).limit(1);
  if (!current) throw notFound("Member not found");
  if (current.role === "admin" && input.role !== "admin") await assertAnotherAdmin(database, ctx.projectId, input.userId);
  await database.update(m).set({ role: input.role }).where(where);
  await recordAudit({ projectId: ctx.projectId, actor: ctx.actor, action: "member.role", target: input.userId, details: { from: current.role, to: input.role } });
}
