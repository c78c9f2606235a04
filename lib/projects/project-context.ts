import "server-only";
import type { ProjectContext } from "@/lib/auth/context";
import { can, type Permission } from "@/lib/auth/permissions";
import type { SignedInUser } from "@/lib/auth/session";
import { ServiceError } from "@/lib/api/errors";
import { findMembership } from "./list-projects";

/** A person's context on a project named in the URL: 404 when not a member (never reveal it exists). */
export async function projectContextFor(user: SignedInUser, projectId: string, permission?: Permission): Promise<ProjectContext> {
  const membership = await findMembership(user.id, projectId);
  if (!membership) throw new ServiceError("not_found", "Project not found");
  if (permission && !can(membership.role, permission)) throw new ServiceError("forbidden", "Your role may not do this");
  return { projectId, role: membership.role, actor: { type: "user", userId: user.id } };
}
