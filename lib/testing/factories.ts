import { randomUUID } from "node:crypto";
import type { Role } from "@/db/postgres/schema";
import type { ProjectContext } from "@/lib/auth/context";
import { createProject } from "@/lib/projects/create-project";
import { ensureUser } from "@/lib/users/create-user";

// Tests own their data: each makes its own users and projects with unique names.
export async function makeUser(overrides: { email?: string; password?: string; name?: string } = {}) {
  return ensureUser({
    email: overrides.email ?? `user-${randomUUID()}@test.local`,
    password: overrides.password ?? "password-123",
    name: overrides.name,
  });
}

export async function makeProject(
  overrides: { name?: string; role?: Role } = {},
): Promise<ProjectContext & { userId: string }> {
  const admin = await makeUser();
  const project = await createProject({
    actor: { type: "user", userId: admin.id },
    input: { name: overrides.name ?? `project-${randomUUID().slice(0, 8)}` },
  });
  return {
    projectId: project.id,
    role: overrides.role ?? "admin",
    actor: { type: "user", userId: admin.id },
    userId: admin.id,
  };
}
