import { boolean, doublePrecision, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/**
 * Public keys for the user-feedback endpoint, meant to sit in the monitored product's front end:
 * they may only post thumbs up/down with a comment, from the listed origins, at a limited rate.
 * Being public, they are stored as issued.
 */
export const feedbackKeys = pgTable(
  "feedback_keys",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    publicKey: text("public_key").notNull().unique(),
    /** Origins allowed by CORS; ["*"] allows any. */
    allowedOrigins: text("allowed_origins").array().notNull().default([]),
    ratePerMinute: integer("rate_per_minute").notNull().default(60),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("feedback_keys_project_idx").on(t.projectId)],
);

/** The project's optional LLM-as-judge: an OpenAI-compatible endpoint and what to ask it. */
export const judgeSettings = pgTable("judge_settings", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  enabled: boolean("enabled").notNull().default(false),
  baseUrl: text("base_url").notNull(),
  model: text("model").notNull(),
  /** Models a re-run or an experiment may use besides `model` (migration 0016). */
  allowedModels: text("allowed_models").array().notNull().default([]),
  /** AES-256-GCM, see lib/crypto/secret-box.ts; never returned by the API. */
  apiKeyEncrypted: text("api_key_encrypted"),
  scoreName: text("score_name").notNull().default("judge_quality"),
  template: text("template").notNull(),
  sampleRate: doublePrecision("sample_rate").notNull().default(0.1),
  maxTracesPerRun: integer("max_traces_per_run").notNull().default(20),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
