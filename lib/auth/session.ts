import "server-only";
import { cookies } from "next/headers";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";
import { findMembership, listProjectsForUser } from "@/lib/projects/list-projects";
import type { ProjectContext } from "./context";

export const PROJECT_COOKIE = "obs_project";

export type SignedInUser = { id: string; email: string; name: string | null };

export async function currentUser(): Promise<SignedInUser | null> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; email?: string | null; name?: string | null } | undefined;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
}

/** The project the signed-in person is looking at: the cookie's, if still a member, else their first. */
export async function currentProject(user: SignedInUser): Promise<(ProjectContext & { projectName: string }) | null> {
  const selected = (await cookies()).get(PROJECT_COOKIE)?.value;
  const membership = selected ? await findMembership(user.id, selected) : undefined;
  const chosen = membership ?? (await listProjectsForUser(user.id))[0];
  if (!chosen) return null;
  const projectId = "projectId" in chosen ? chosen.projectId : chosen.id;
  return { projectId, projectName: chosen.name, role: chosen.role, actor: { type: "user", userId: user.id } };
}
