import { withUser } from "@/lib/api/with-project";
import { createApiKey, createApiKeyInput } from "@/lib/api-keys/create-api-key";
import { projectContextFor } from "@/lib/projects/project-context";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, context: Context) {
  const { id } = await context.params;
  return withUser({
    body: createApiKeyInput,
    status: 201,
    handler: async ({ user, body }) => {
      const ctx = await projectContextFor(user, id);
      const key = await createApiKey({ ctx, input: body });
      return { id: key.id, name: key.name, scopes: key.scopes, secretKey: key.secretKey };
    },
  })(request);
}
