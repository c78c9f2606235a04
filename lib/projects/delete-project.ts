import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { forgetCachedKeys } from "@/lib/api-keys/verify-api-key";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { purgeProjectRows } from "@/lib/retention/purge-project-rows";

/**
 * Deletes a project and all its data. Its keys are revoked first, so that nothing is ingested
 * while its ClickHouse rows go; then the Postgres rows (memberships, keys, settings, rules...
 * cascade). The audit entry outlives the project (audit_log has no foreign key).
 * Another replica may accept a key it cached for up to 30 s more; such late rows are orphaned.
 */
export async function deleteProject({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "data.delete");
  const database = await db();
  const now = new Date();
  await database
    .update(schema.apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(schema.apiKeys.projectId, ctx.projectId), isNull(schema.apiKeys.revokedAt)));
  await database
    .update(schema.feedbackKeys)
    .set({ revokedAt: now })
    .where(and(eq(schema.feedbackKeys.projectId, ctx.projectId), isNull(schema.feedbackKeys.revokedAt)));
  forgetCachedKeys();
  const removed = await purgeProjectRows(ctx.projectId);
  await database.transaction(async (tx) => {
    const [project] = await tx
      .delete(schema.projects)
      .where(eq(schema.projects.id, ctx.projectId))
      .returning({ name: schema.projects.name });
    await recordAudit(tx, {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "project.delete",
      target: ctx.projectId,
      details: { name: project?.name ?? null, removed },
    });
  });
  return { id: ctx.projectId, removed };
}
