import { withUser } from "@/lib/api/with-project";
import { createProjectForUser, createProjectInput } from "@/lib/projects/create-project";
import { listProjectsForUser } from "@/lib/projects/list-projects";

export const POST = withUser({
  body: createProjectInput,
  status: 201,
  handler: async ({ user, body }) => createProjectForUser({ user, input: body }),
});

export const GET = withUser({
  handler: async ({ user }) => ({ data: await listProjectsForUser(user.id) }),
});
