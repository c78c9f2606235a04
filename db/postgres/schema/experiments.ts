import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";
import { regressionSets } from "./regression-sets";

export const EXPERIMENT_STATUSES = ["running", "done", "stopped_by_cap", "failed", "interrupted"] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/**
 * Experiments (migration 0020): a version of a regression set run against a variant. The row
 * is written when the run starts (`running`) and closed with its totals; a server start marks
 * the runs it finds `running` as `interrupted` (the process that ran them is gone).
 */
export const experiments = pgTable(
  "experiments",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    setId: text("set_id")
      .notNull()
      .references(() => regressionSets.id, { onDelete: "cascade" }),
    setVersion: integer("set_version").notNull(),
    /** { model, systemPrompt?, parameters } as the run was asked. */
    variant: jsonb("variant").$type<Record<string, unknown>>().notNull(),
    checks: jsonb("checks").$type<Record<string, unknown>>().notNull(),
    concurrency: integer("concurrency").notNull(),
    costCapUsd: doublePrecision("cost_cap_usd").notNull(),
    status: text("status").$type<ExperimentStatus>().notNull().default("running"),
    /** Why the run failed as a whole (not an item's error). */
    error: text("error"),
    /** The one trace holding the run's LLM spans. */
    traceId: text("trace_id").notNull(),
    /** Items of the set version when the run started. */
    itemCount: integer("item_count").notNull(),
    /** The aggregate once finished (summarizeExperiment); null while running. */
    totals: jsonb("totals").$type<Record<string, unknown>>(),
    createdBy: text("created_by").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    /** Touched while the run is alive; a stale one on a running row means its process is gone. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("experiments_set_idx").on(t.setId, t.startedAt)],
);

/** One row per item as it finishes, so a page shows a run's progress. */
export const experimentItems = pgTable(
  "experiment_items",
  {
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    answer: text("answer").notNull().default(""),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    /** The variant's call. */
    costUsd: doublePrecision("cost_usd").notNull().default(0),
    /** The judge's call on this item (counted in the cap, not in the variant's cost). */
    judgeCostUsd: doublePrecision("judge_cost_usd").notNull().default(0),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error"),
    /** { rules, judge, checks } of lib/domain/stats/experiment. */
    scores: jsonb("scores").$type<Record<string, unknown>>().notNull(),
    traceId: text("trace_id").notNull(),
    spanId: text("span_id").notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.itemId] })],
);
