import type { Role } from "@/db/postgres/schema";
import type { Actor } from "@/lib/audit/record";
import { can, type Permission } from "./permissions";
import { ServiceError } from "@/lib/api/errors";

/** Who is acting, on which project, with which role: passed to every service. */
export type ProjectContext = { projectId: string; role: Role; actor: Actor };

export function requirePermission(ctx: ProjectContext, permission: Permission): void {
  if (!can(ctx.role, permission)) throw new ServiceError("forbidden", "Your role may not do this");
}
