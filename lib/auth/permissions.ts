import type { Role } from "@/db/postgres/schema";

export type Permission =
  | "settings.view"
  | "members.manage"
  | "api_keys.manage"
  | "payloads.read"
  | "finance.read"
  | "project.read"
  | "pricing.manage"
  | "scores.write"
  | "alerts.manage"
  /** Irreversible removal: a project with its data, an end user's data. */
  | "data.delete";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["settings.view", "members.manage", "api_keys.manage", "payloads.read", "finance.read", "project.read", "pricing.manage", "scores.write", "alerts.manage", "data.delete"],
  engineer: ["payloads.read", "project.read", "scores.write", "alerts.manage"],
  finance: ["finance.read", "project.read", "pricing.manage"],
  viewer: ["project.read"],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
