import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { ServiceError } from "@/lib/api/errors";
import type { SignedInUser } from "@/lib/auth/session";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { createStarterRules } from "@/lib/alerts/starter-rules";
import { listProjectsForUser } from "./list-projects";

export const createProjectInput = z.object({ name: z.string().trim().min(1, "name is required").max(100) });

/** Creates a project with the starter alert rules; the creating user becomes its admin. */
export async function createProject({ actor, input }: { actor: Actor; input: z.infer<typeof createProjectInput> }) {
  const id = randomUUID();
  const database = await db();
  await database.transaction(async (tx) => {
    await tx.insert(schema.projects).values({ id, name: input.name });
    if (actor.type === "user") {
      await tx.insert(schema.memberships).values({ projectId: id, userId: actor.userId, role: "admin" });
    }
    await recordAudit(tx, {
      projectId: id,
      actor,
      action: "project.create",
      target: id,
      details: { name: input.name },
    });
  });
  await createStarterRules(id);
  return { id, name: input.name };
}

/** `POST /api/v1/projects`: admins of any project may create one; a person with none, their first. */
export async function createProjectForUser({
  user,
  input,
}: {
  user: SignedInUser;
  input: z.infer<typeof createProjectInput>;
}) {
  const projects = await listProjectsForUser(user.id);
  if (projects.length > 0 && !projects.some((p) => p.role === "admin"))
    throw new ServiceError("forbidden", "Only admins may create projects");
  return createProject({ actor: { type: "user", userId: user.id }, input });
}
