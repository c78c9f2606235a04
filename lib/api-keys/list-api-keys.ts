import "server-only";
import { desc, eq } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

export async function listApiKeys({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "api_keys.manage");
  const k = schema.apiKeys;
  return (await db())
    .select({
      id: k.id,
      name: k.name,
      scopes: k.scopes,
      displayPrefix: k.displayPrefix,
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      revokedAt: k.revokedAt,
    })
    .from(k)
    .where(eq(k.projectId, ctx.projectId))
    .orderBy(desc(k.createdAt));
}
