import "server-only";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

export async function listMembers({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "members.manage");
  const database = await db();
  const members = await database
    .select({
      userId: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      role: schema.memberships.role,
    })
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(eq(schema.memberships.projectId, ctx.projectId))
    .orderBy(asc(schema.users.email));
  const i = schema.invitations;
  const invitations = await database
    .select({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt })
    .from(i)
    .where(and(eq(i.projectId, ctx.projectId), isNull(i.acceptedAt), gt(i.expiresAt, new Date())))
    .orderBy(asc(i.email));
  return { members, invitations };
}
