import type { Role } from "@/db/postgres/schema";

/**
 * What a role may do. A name says what it gates: `*.read` / `*.view` read, `*.write` / `*.manage`
 * change. Every service verb starts with `requirePermission(ctx, …)` (lib/auth/context.ts).
 */
export const PERMISSIONS = [
  /** Traces, logs, cost, quality, metrics, alert rules and tickets: the project's structure. */
  "project.read",
  /** Raw prompts, answers, messages and comments (without it they are hidden field by field). */
  "payloads.read",
  "finance.read",
  /** Revenue rows (upload, edit). */
  "finance.write",
  /** The price catalog and GPU rates. */
  "pricing.manage",
  "scores.write",
  "alerts.manage",
  /** Tickets: status, assignee, comments. */
  "tickets.write",
  /** Re-running a recorded step and running experiments: spends the project's model endpoint. */
  "experiments.run",
  /** Ingest, redaction, retention, judge settings and feedback keys, read. */
  "settings.view",
  /** The same settings, changed; running the judge on demand. */
  "settings.manage",
  "members.manage",
  "api_keys.manage",
  /** Irreversible removal: a project with its data, an end user's data. */
  "data.delete",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The role table (ARCHITECTURE.md, "Roles and rights"). */
export const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  engineer: ["project.read", "payloads.read", "scores.write", "alerts.manage", "tickets.write", "experiments.run"],
  finance: ["project.read", "finance.read", "finance.write", "pricing.manage"],
  viewer: ["project.read"],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
