import { withProject } from "@/lib/api/with-project";
import { createApiKey, createApiKeyInput } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";

export const GET = withProject({
  sessionOnly: true,
  handler: async ({ ctx }) => ({ data: await listApiKeys({ ctx }) }),
});

export const POST = withProject({
  sessionOnly: true,
  body: createApiKeyInput,
  status: 201,
  handler: async ({ ctx, body }) => createApiKey({ ctx, input: body }),
});
