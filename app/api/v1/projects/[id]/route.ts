import { withUser } from "@/lib/api/with-project";
import { deleteProject } from "@/lib/projects/delete-project";
import { projectContextFor } from "@/lib/projects/project-context";

type Context = { params: Promise<{ id: string }> };

// Irreversible: a signed-in admin of the project only, never an API key.
export async function DELETE(request: Request, context: Context) {
  const { id } = await context.params;
  return withUser({
    handler: async ({ user }) => deleteProject({ ctx: await projectContextFor(user, id) }),
  })(request);
}
