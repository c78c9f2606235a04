import type { Role } from "@/db/postgres/schema";

export type Permission =
  | "settings.view"
  | "members.manage"
  | "api_keys.manage"
  | "payloads.read"
  | "finance.read"
  | "project.read"
  | "pricing.manage"
  | "scores.write";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["settings.view", "members.manage", "api_keys.manage", "payloads.read", "finance.read", "project.read", "pricing.manage", "scores.write"],
  engineer: ["payloads.read", "project.read", "scores.write"],
  finance: ["finance.read", "project.read", "pricing.manage"],
  viewer: ["project.read"],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
