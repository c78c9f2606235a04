import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/**
 * Regression sets (migration 0017): inputs with their recorded output and, optionally, an
 * expected output or a label. Versioned: each change makes `version` one higher; an item belongs
 * to the versions from `addedIn` up to before `removedIn`.
 */
export const regressionSets = pgTable(
  "regression_sets",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    version: integer("version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("regression_sets_project_idx").on(t.projectId)],
);

export const regressionSetItems = pgTable(
  "regression_set_items",
  {
    id: text("id").primaryKey(),
    setId: text("set_id")
      .notNull()
      .references(() => regressionSets.id, { onDelete: "cascade" }),
    /** The chat messages sent (OpenAI shape). */
    input: jsonb("input").$type<unknown[]>().notNull(),
    model: text("model").notNull().default(""),
    recordedOutput: text("recorded_output").notNull().default(""),
    expectedOutput: text("expected_output"),
    label: text("label"),
    /** Where the item came from, when it came from a trace. */
    traceId: text("trace_id"),
    spanId: text("span_id"),
    addedIn: integer("added_in").notNull(),
    removedIn: integer("removed_in"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("regression_set_items_set_idx").on(t.setId, t.addedIn)],
);
