import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";

export async function listProjectsForUser(userId: string) {
  return (await db())
    .select({ id: schema.projects.id, name: schema.projects.name, role: schema.memberships.role })
    .from(schema.memberships)
    .innerJoin(schema.projects, eq(schema.projects.id, schema.memberships.projectId))
    .where(eq(schema.memberships.userId, userId))
    .orderBy(asc(schema.projects.createdAt), asc(schema.projects.name));
}

export async function findMembership(userId: string, projectId: string) {
  const rows = await (
    await db()
  )
    .select({ projectId: schema.memberships.projectId, role: schema.memberships.role, name: schema.projects.name })
    .from(schema.memberships)
    .innerJoin(schema.projects, eq(schema.projects.id, schema.memberships.projectId))
    .where(and(eq(schema.memberships.userId, userId), eq(schema.memberships.projectId, projectId)))
    .limit(1);
  return rows[0];
}
