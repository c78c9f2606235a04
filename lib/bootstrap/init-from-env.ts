import "server-only";
import { eq, sql } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { recordAuditEvent } from "@/lib/audit/record";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { hashSecret } from "@/lib/api-keys/secret";
import { ensureUser } from "@/lib/users/create-user";
import { createProject } from "@/lib/projects/create-project";
import type { AppEnv } from "@/lib/config/env";

/**
 * Headless start: creates the admin, the project and its API key named by INIT_* when they
 * are absent. Running it again changes nothing.
 */
export async function initFromEnv(
  init: Omit<AppEnv["init"], "projectApiKeyScopes"> & Partial<Pick<AppEnv["init"], "projectApiKeyScopes">>,
): Promise<{ projectId?: string; adminId?: string }> {
  const database = await db();
  const admin =
    init.adminEmail && init.adminPassword
      ? await ensureUser({ email: init.adminEmail, password: init.adminPassword })
      : undefined;
  if (!init.projectName) return { adminId: admin?.id };

  const [existing] = await database
    .select()
    .from(schema.projects)
    .where(eq(schema.projects.name, init.projectName))
    .limit(1);
  const projectId =
    existing?.id ??
    (
      await createProject({
        actor: admin ? { type: "user", userId: admin.id } : { type: "system" },
        input: { name: init.projectName },
      })
    ).id;
  if (admin) {
    await database
      .insert(schema.memberships)
      .values({ projectId, userId: admin.id, role: "admin" })
      .onConflictDoNothing();
  }
  if (init.projectApiKey) {
    const [key] = await database
      .select({ id: schema.apiKeys.id })
      .from(schema.apiKeys)
      .where(eq(schema.apiKeys.secretHash, hashSecret(init.projectApiKey)))
      .limit(1);
    if (!key) {
      await createApiKey({
        ctx: { projectId, role: "admin", actor: { type: "system" } },
        input: { name: "INIT_PROJECT_API_KEY", scopes: init.projectApiKeyScopes ?? ["ingest", "read", "write"] },
        secret: init.projectApiKey,
      });
    }
  }
  if (!existing) await recordAuditEvent({ projectId, actor: { type: "system" }, action: "project.init_from_env" });
  return { projectId, adminId: admin?.id };
}

export async function countUsers(): Promise<number> {
  const [row] = await (await db()).select({ n: sql<number>`count(*)::int` }).from(schema.users);
  return Number(row?.n ?? 0);
}
