import { doublePrecision, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

export const BUDGET_SCOPES = ["project", "tenant", "feature"] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

/** A monthly spending limit in USD for the project, one tenant or one feature (subject "" for the project). */
export const budgets = pgTable(
  "budgets",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    scope: text("scope").$type<BudgetScope>().notNull(),
    subject: text("subject").notNull().default(""),
    amountUsd: doublePrecision("amount_usd").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.scope, t.subject] })],
);
export type Budget = typeof budgets.$inferSelect;
