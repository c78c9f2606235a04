import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { schema } from "@/db/postgres/client";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { ServiceError } from "@/lib/api/errors";
import { API_KEY_SCOPES, apiKeyScopesInput, DEFAULT_NEW_KEY_SCOPES } from "@/lib/domain/api-key-scopes";
import { displayPrefix, generateSecret, hashSecret } from "./secret";

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  /** Defaults to `ingest` alone. */
  scopes: apiKeyScopesInput.optional(),
});

/** Creates a key and returns its secret; only the hash is stored, so this is the one time it is seen. */
export async function createApiKey({
  ctx,
  input,
  secret = generateSecret(),
}: {
  ctx: ProjectContext;
  input: z.infer<typeof createApiKeyInput>;
  secret?: string;
}) {
  requirePermission(ctx, "api_keys.manage");
  const id = randomUUID();
  const name = input.name ?? `Key ${new Date().toISOString().slice(0, 10)}`;
  const scopes = API_KEY_SCOPES.filter((s) => (input.scopes ?? DEFAULT_NEW_KEY_SCOPES).includes(s));
  if (scopes.length === 0) throw new ServiceError("bad_request", "a key needs at least one scope", "scopes");
  await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "api_key.create", target: id, details: { name, scopes } },
    (tx) =>
      tx.insert(schema.apiKeys).values({
        id,
        projectId: ctx.projectId,
        name,
        displayPrefix: displayPrefix(secret),
        secretHash: hashSecret(secret),
        scopes,
        createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      }),
  );
  return { id, name, scopes, secretKey: secret, displayPrefix: displayPrefix(secret) };
}
