import "server-only";
import type { ProjectContext } from "@/lib/auth/context";
import type { SignedInUser } from "@/lib/auth/session";
import { ServiceError } from "@/lib/api/errors";
import { findMembership } from "./list-projects";

/**
 * A person's context on a project named in the URL: 404 when not a member (never reveal it
 * exists). What the role may do there is the service's check, not this one's.
 */
export async function projectContextFor(user: SignedInUser, projectId: string): Promise<ProjectContext> {
  const membership = await findMembership(user.id, projectId);
  if (!membership) throw new ServiceError("not_found", "Project not found");
  return { projectId, role: membership.role, actor: { type: "user", userId: user.id } };
}
