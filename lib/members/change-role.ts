import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema, type Transaction } from "@/db/postgres/client";
import { ROLES, type Role } from "@/db/postgres/schema";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { ServiceError, notFound } from "@/lib/api/errors";

export const changeRoleInput = z.object({ userId: z.string().min(1), role: z.enum(ROLES) });

/**
 * The member's role, with the project's memberships locked until the transaction ends: two
 * admins demoting (or removing) each other at once would otherwise each count the other as the
 * admin that remains, and both commit. The second now waits, then counts what the first left.
 */
export async function lockedMember(
  tx: Transaction,
  projectId: string,
  userId: string,
): Promise<{ role: Role; otherAdmins: number }> {
  const m = schema.memberships;
  const members = await tx
    .select({ userId: m.userId, role: m.role })
    .from(m)
    .where(eq(m.projectId, projectId))
    .for("update");
  const current = members.find((member) => member.userId === userId);
  if (!current) throw notFound("Member not found");
  return {
    role: current.role,
    otherAdmins: members.filter((member) => member.role === "admin" && member.userId !== userId).length,
  };
}

/** A project must keep at least one admin, or nobody could manage it again. */
export function assertAnotherAdmin(member: { otherAdmins: number }): void {
  if (member.otherAdmins === 0) throw new ServiceError("conflict", "A project needs at least one admin");
}

export async function changeRole({ ctx, input }: { ctx: ProjectContext; input: z.infer<typeof changeRoleInput> }) {
  requirePermission(ctx, "members.manage");
  const m = schema.memberships;
  await (
    await db()
  ).transaction(async (tx) => {
    const current = await lockedMember(tx, ctx.projectId, input.userId);
    if (current.role === "admin" && input.role !== "admin") assertAnotherAdmin(current);
    await tx
      .update(m)
      .set({ role: input.role })
      .where(and(eq(m.projectId, ctx.projectId), eq(m.userId, input.userId)));
    await recordAudit(tx, {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "member.role",
      target: input.userId,
      details: { from: current.role, to: input.role },
    });
  });
}
