import { withProject } from "@/lib/api/with-project";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";

export const DELETE = withProject({
  sessionOnly: true,
  handler: async ({ ctx, params }) => {
    await revokeApiKey({ ctx, keyId: params.id ?? "" });
    return { ok: true };
  },
});
