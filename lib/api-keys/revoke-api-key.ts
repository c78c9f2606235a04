import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { schema } from "@/db/postgres/client";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { notFound } from "@/lib/api/errors";
import { forgetCachedKeys } from "./verify-api-key";

export async function revokeApiKey({ ctx, keyId }: { ctx: ProjectContext; keyId: string }) {
  requirePermission(ctx, "api_keys.manage");
  const k = schema.apiKeys;
  await audited({ projectId: ctx.projectId, actor: ctx.actor, action: "api_key.revoke", target: keyId }, async (tx) => {
    const revoked = await tx
      .update(k)
      .set({ revokedAt: new Date() })
      .where(and(eq(k.id, keyId), eq(k.projectId, ctx.projectId), isNull(k.revokedAt)))
      .returning({ id: k.id });
    if (revoked.length === 0) throw notFound("API key not found");
  });
  forgetCachedKeys();
}
