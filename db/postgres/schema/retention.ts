import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/**
 * How long a project keeps its data, in days; null keeps it (metric points: METRICS_RETENTION_DAYS).
 * Payloads may go earlier than their spans; scores and the cost rollups may outlive them.
 */
export const retentionSettings = pgTable("retention_settings", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  spanDays: integer("span_days"),
  payloadDays: integer("payload_days"),
  logDays: integer("log_days"),
  metricDays: integer("metric_days"),
  scoreDays: integer("score_days"),
  costDays: integer("cost_days"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** When the last retention pass finished for the project. */
  appliedAt: timestamp("applied_at", { withTimezone: true }),
});

export type RetentionSettingsRow = typeof retentionSettings.$inferSelect;
