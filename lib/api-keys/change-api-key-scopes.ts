import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@/db/postgres/client";
import { notFound, ServiceError } from "@/lib/api/errors";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { API_KEY_SCOPES, apiKeyScopesInput } from "@/lib/domain/api-key-scopes";
import { forgetCachedKeys } from "./verify-api-key";

export const changeApiKeyScopesInput = z.object({ scopes: apiKeyScopesInput });

/** An admin widens or narrows what a key may do; takes effect at once on this replica, within 30 s on others. */
export async function changeApiKeyScopes({
  ctx,
  keyId,
  input,
}: {
  ctx: ProjectContext;
  keyId: string;
  input: z.infer<typeof changeApiKeyScopesInput>;
}) {
  requirePermission(ctx, "api_keys.manage");
  const scopes = API_KEY_SCOPES.filter((s) => input.scopes.includes(s));
  if (scopes.length === 0) throw new ServiceError("bad_request", "a key needs at least one scope", "scopes");
  const k = schema.apiKeys;
  const changed = await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "api_key.scopes", target: keyId, details: { scopes } },
    async (tx) => {
      const [row] = await tx
        .update(k)
        .set({ scopes })
        .where(and(eq(k.id, keyId), eq(k.projectId, ctx.projectId), isNull(k.revokedAt)))
        .returning({ id: k.id, scopes: k.scopes });
      if (!row) throw notFound("API key not found");
      return row;
    },
  );
  forgetCachedKeys();
  return changed;
}
