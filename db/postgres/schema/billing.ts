import { doublePrecision, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/**
 * The billing system's webhook: its signing secret (sealed), which customer is which tenant, and
 * the USD rate of each other currency per month (`{ "2026-11": { "EUR": 1.08 } }`).
 */
export const billingSettings = pgTable("billing_settings", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  webhookSecret: text("webhook_secret"),
  customerTenants: jsonb("customer_tenants").$type<Record<string, string>>().notNull().default({}),
  usdRates: jsonb("usd_rates").$type<Record<string, Record<string, number>>>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One paid invoice from the webhook, once per event id; its USD amount is added to `revenue`. */
export const revenueEvents = pgTable(
  "revenue_events",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    tenant: text("tenant").notNull(),
    month: text("month").notNull(),
    amount: doublePrecision("amount").notNull(),
    currency: text("currency").notNull(),
    /** USD per unit of `currency` for `month`, as entered when the event arrived (1 for USD). */
    usdRate: doublePrecision("usd_rate").notNull(),
    amountUsd: doublePrecision("amount_usd").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.eventId] })],
);
