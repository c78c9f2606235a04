import { doublePrecision, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

export const BUDGET_SCOPES = ["project", "tenant", "feature", "user"] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];
/** The span a budget covers: the UTC day, the ISO week (Monday start, UTC) or the calendar month. */
export const BUDGET_PERIODS = ["day", "week", "month"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/**
 * A spending limit in USD per period for the project, one tenant, one feature or one end user
 * (subject "" for the project). One budget per subject, whatever its period.
 */
export const budgets = pgTable(
  "budgets",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    scope: text("scope").$type<BudgetScope>().notNull(),
    subject: text("subject").notNull().default(""),
    amountUsd: doublePrecision("amount_usd").notNull(),
    period: text("period").$type<BudgetPeriod>().notNull().default("month"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.scope, t.subject] })],
);
export type Budget = typeof budgets.$inferSelect;
