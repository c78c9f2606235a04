import { doublePrecision, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/**
 * A closed month: its margins and costs per tenant, feature and model frozen as they were read
 * at closing, with the price catalog version used. Reopening deletes the row (audited).
 */
export const monthCloses = pgTable(
  "month_closes",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }).notNull().defaultNow(),
    closedBy: text("closed_by").notNull(),
    catalogVersion: text("catalog_version").notNull(),
    costUsd: doublePrecision("cost_usd").notNull(),
    snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.month] })],
);
export type MonthClose = typeof monthCloses.$inferSelect;
