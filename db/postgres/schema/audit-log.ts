import { pgTable, text, timestamp, jsonb, bigserial, index } from "drizzle-orm/pg-core";

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: text("project_id"),
    /** `user:<id>`, `api_key:<id>` or `system`. */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_project_idx").on(t.projectId, t.createdAt)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
