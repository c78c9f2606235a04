import "server-only";
import { and, eq } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { audited, recordAudit } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { notFound } from "@/lib/api/errors";
import { assertAnotherAdmin, lockedMember } from "./change-role";

export async function removeMember({ ctx, userId }: { ctx: ProjectContext; userId: string }) {
  requirePermission(ctx, "members.manage");
  const m = schema.memberships;
  await (
    await db()
  ).transaction(async (tx) => {
    // Locked as a role change locks them: see lockedMember.
    const current = await lockedMember(tx, ctx.projectId, userId);
    if (current.role === "admin") assertAnotherAdmin(current);
    await tx.delete(m).where(and(eq(m.projectId, ctx.projectId), eq(m.userId, userId)));
    await recordAudit(tx, { projectId: ctx.projectId, actor: ctx.actor, action: "member.remove", target: userId });
  });
}

export async function revokeInvitation({ ctx, invitationId }: { ctx: ProjectContext; invitationId: string }) {
  requirePermission(ctx, "members.manage");
  const i = schema.invitations;
  await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "member.invite_revoke", target: invitationId },
    async (tx) => {
      const deleted = await tx
        .delete(i)
        .where(and(eq(i.id, invitationId), eq(i.projectId, ctx.projectId)))
        .returning({ id: i.id });
      if (deleted.length === 0) throw notFound("Invitation not found");
    },
  );
}
