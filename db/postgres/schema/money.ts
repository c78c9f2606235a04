import { doublePrecision, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

const projectId = () =>
  text("project_id")
    .notNull()
    .references(() => projects.id, { onDelete: "cascade" });

/** What a project was offered once (e.g. "budget_rules"): never offered again, even if the user deleted it. */
export const starterOffers = pgTable(
  "starter_offers",
  {
    projectId: projectId(),
    offer: text("offer").notNull(),
    offeredAt: timestamp("offered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.offer] })],
);

export const BASELINE_SOURCES = ["auto", "owner"] as const;
export type BaselineSource = (typeof BASELINE_SOURCES)[number];

/**
 * A feature's reference figures: measured over its first 7 days (auto) or set by its owner or an
 * admin. `setAt` starts the 30/60/90-day marks.
 */
export const featureBaselines = pgTable(
  "feature_baselines",
  {
    projectId: projectId(),
    feature: text("feature").notNull(),
    source: text("source").$type<BaselineSource>().notNull(),
    setAt: timestamp("set_at", { withTimezone: true }).notNull(),
    setBy: text("set_by"),
    windowFrom: timestamp("window_from", { withTimezone: true }),
    windowTo: timestamp("window_to", { withTimezone: true }),
    costPerRequestUsd: doublePrecision("cost_per_request_usd"),
    errorRate: doublePrecision("error_rate"),
    p95Ms: doublePrecision("p95_ms"),
    quality: doublePrecision("quality"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.feature] })],
);
export type FeatureBaseline = typeof featureBaselines.$inferSelect;

/** Who gets the monthly review by e-mail: a member id or an e-mail address. */
export const reviewSubscribers = pgTable(
  "review_subscribers",
  {
    projectId: projectId(),
    address: text("address").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.address] })],
);

/** A month whose review was mailed: the row is taken before sending, so a restart never sends it twice. */
export const reviewMailings = pgTable(
  "review_mailings",
  {
    projectId: projectId(),
    month: text("month").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
    recipients: integer("recipients").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.month] })],
);
