import { withUser } from "@/lib/api/with-project";
import { createProject, createProjectInput } from "@/lib/projects/create-project";
import { listProjectsForUser } from "@/lib/projects/list-projects";
import { ServiceError } from "@/lib/api/errors";

export const POST = withUser({
  body: createProjectInput,
  status: 201,
  handler: async ({ user, body }) => {
    const projects = await listProjectsForUser(user.id);
    // Admins of any project may create projects; a first user with none may create their first.
    if (projects.length > 0 && !projects.some((p) => p.role === "admin")) throw new ServiceError("forbidden", "Only admins may create projects");
    return createProject({ actor: { type: "user", userId: user.id }, input: body });
  },
});

export const GET = withUser({
  handler: async ({ user }) => ({ data: await listProjectsForUser(user.id) }),
});
