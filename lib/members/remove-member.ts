import "server-only";
import { and, eq } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { notFound } from "@/lib/api/errors";
import { assertAnotherAdmin } from "./change-role";

export async function removeMember({ ctx, userId }: { ctx: ProjectContext; userId: string }) {
  requirePermission(ctx, "members.manage");
  const database = await db();
  const m = schema.memberships;
  const where = and(eq(m.projectId, ctx.projectId), eq(m.userId, userId));
  const [current] = await database.select({ role: m.role }).from(m).where(where).limit(1);
  if (!current) throw notFound("Member not found");
  if (current.role === "admin") await assertAnotherAdmin(database, ctx.projectId, userId);
  await database.delete(m).where(where);
  await recordAudit({ projectId: ctx.projectId, actor: ctx.actor, action: "member.remove", target: userId });
}

export async function revokeInvitation({ ctx, invitationId }: { ctx: ProjectContext; invitationId: string }) {
  requirePermission(ctx, "members.manage");
  const i = schema.invitations;
  const deleted = await (await db())
    .delete(i)
    .where(and(eq(i.id, invitationId), eq(i.projectId, ctx.projectId)))
    .returning({ id: i.id });
  if (deleted.length === 0) throw notFound("Invitation not found");
  await recordAudit({ projectId: ctx.projectId, actor: ctx.actor, action: "member.invite_revoke", target: invitationId });
}
