import type { Role } from "@/db/postgres/schema";
import type { Actor } from "@/lib/audit/record";
import { can, type Permission } from "./permissions";
import { ServiceError } from "@/lib/api/errors";
import type { ApiKeyScope } from "@/lib/domain/api-key-scopes";

/**
 * Who is acting, on which project, with which role: passed to every service. `scopes` is set
 * when an API key acts: the key may do only what they name, whatever the role.
 */
export type ProjectContext = { projectId: string; role: Role; actor: Actor; scopes?: readonly ApiKeyScope[] };

export function requireScope(ctx: ProjectContext, scope: ApiKeyScope): void {
  if (ctx.scopes && !ctx.scopes.includes(scope))
    throw new ServiceError("forbidden", `This API key lacks the "${scope}" scope`, "scope");
}

/** The first statement of every service verb: the one place a role is refused. */
export function requirePermission(ctx: ProjectContext, permission: Permission): void {
  if (!can(ctx.role, permission))
    throw new ServiceError("forbidden", `Your role (${ctx.role}) may not do this: it needs "${permission}"`);
}
