import { doublePrecision, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

export const APPLY_TO = ["history", "from-effective-date"] as const;
export type ApplyTo = (typeof APPLY_TO)[number];

/**
 * A project's model prices, per million tokens. `model` is an exact name or a pattern with `*`.
 * Rows are versions: the newest row effective at a span's time prices it; a row that applies to
 * history replaces every older row of the same model for all time (or, when it ends, up to its end).
 * `effectiveTo` ends a row: it prices nothing from the UTC midnight on or after it (null: open).
 */
export const modelPrices = pgTable(
  "model_prices",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    inputPerMTok: doublePrecision("input_per_mtok").notNull(),
    outputPerMTok: doublePrecision("output_per_mtok").notNull(),
    cachedInputPerMTok: doublePrecision("cached_input_per_mtok"),
    /** Long-context tier: the row applies to calls with more input tokens than this. */
    minInputTokens: integer("min_input_tokens").notNull().default(0),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull(),
    effectiveTo: timestamp("effective_to", { withTimezone: true }),
    applyTo: text("apply_to", { enum: APPLY_TO }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("model_prices_project_idx").on(t.projectId, t.model)],
);

export const gpuRates = pgTable(
  "gpu_rates",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    gpuType: text("gpu_type").notNull(),
    usdPerHour: doublePrecision("usd_per_hour").notNull(),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull(),
    applyTo: text("apply_to", { enum: APPLY_TO }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("gpu_rates_project_idx").on(t.projectId, t.gpuType)],
);

export type ModelPrice = typeof modelPrices.$inferSelect;
export type GpuRate = typeof gpuRates.$inferSelect;
