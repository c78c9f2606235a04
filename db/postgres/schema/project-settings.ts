import { doublePrecision, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/** Per-project ingest settings: extra attribution keys (tenant, feature, session, end user), the payload cap, rule-score thresholds, redaction. */
export const projectSettings = pgTable("project_settings", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  tenantKeys: text("tenant_keys").array().notNull().default([]),
  featureKeys: text("feature_keys").array().notNull().default([]),
  sessionKeys: text("session_keys").array().notNull().default([]),
  userKeys: text("user_keys").array().notNull().default([]),
  payloadCapBytes: integer("payload_cap_bytes").notNull().default(262144),
  /** `retrieval_low_score` fires when a retrieval's best document scores under this. */
  retrievalLowScore: doublePrecision("retrieval_low_score").notNull().default(0.5),
  /** Redaction at ingest (built-in kinds, custom rules); null: the defaults. */
  redaction: jsonb("redaction").$type<{ detectors: string[]; customRules: Array<{ name: string; pattern: string }> }>(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
