import { withProject } from "@/lib/api/with-project";
import { changeApiKeyScopes, changeApiKeyScopesInput } from "@/lib/api-keys/change-api-key-scopes";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";

export const PATCH = withProject({
  sessionOnly: true,
  body: changeApiKeyScopesInput,
  handler: async ({ ctx, params, body }) => changeApiKeyScopes({ ctx, keyId: params.id ?? "", input: body }),
});

export const DELETE = withProject({
  sessionOnly: true,
  handler: async ({ ctx, params }) => {
    await revokeApiKey({ ctx, keyId: params.id ?? "" });
    return { ok: true };
  },
});
