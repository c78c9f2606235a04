import "server-only";
import { notFound, redirect } from "next/navigation";
import { ServiceError } from "@/lib/api/errors";
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

/** For a page's `.catch`: a not-found service error shows the 404 page; anything else is rethrown. */
export function orNotFound(error: unknown): never {
  if (error instanceof ServiceError && error.code === "not_found") notFound();
  throw error;
}
