import { doublePrecision, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/** What each tenant paid in a month (USD), for margins. One row per (project, tenant, month). */
export const revenue = pgTable(
  "revenue",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    tenant: text("tenant").notNull(),
    month: text("month").notNull(),
    revenueUsd: doublePrecision("revenue_usd").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.tenant, t.month] })],
);
