import "server-only";
import { redirect } from "next/navigation";
import { can, type Permission } from "./permissions";
import { currentProject, currentUser } from "./session";

/**
 * For server pages: the signed-in person's project context, and `forbidden` when the role lacks
 * a permission, to render "Not allowed" (presentation only: the service refuses on its own).
 */
export async function pageContext(permission?: Permission) {
  const user = await currentUser();
  if (!user) redirect("/signin");
  const project = await currentProject(user);
  if (!project) redirect("/");
  return { user, ctx: project, forbidden: permission ? !can(project.role, permission) : false };
}
