import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { projects } from "./projects";

/** Who answers for a feature: alerts and tickets about it go to the owner. */
export const featureOwners = pgTable(
  "feature_owners",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    feature: text("feature").notNull(),
    ownerEmail: text("owner_email").notNull(),
    escalationEmail: text("escalation_email"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.feature] })],
);

export const CHANNEL_TYPES = ["webhook", "slack", "email", "pagerduty"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** Where notifications go. The config holds URLs and secrets, so it is stored sealed. */
export const alertChannels = pgTable(
  "alert_channels",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    type: text("type").$type<ChannelType>().notNull(),
    name: text("name").notNull(),
    configSealed: text("config_sealed").notNull(),
    /** What the API may show: the target without secrets (host of a URL, e-mail recipients). */
    summary: text("summary").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_channels_project_idx").on(t.projectId)],
);

export const ALERT_TIERS = ["page", "ticket", "dashboard"] as const;
export type AlertTier = (typeof ALERT_TIERS)[number];

export const alertRules = pgTable(
  "alert_rules",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tier: text("tier").$type<AlertTier>().notNull(),
    metric: text("metric").notNull(),
    /** For quality_avg: the score name. */
    scoreName: text("score_name"),
    filter: jsonb("filter")
      .$type<{ tenant?: string; feature?: string; model?: string; kind?: string }>()
      .notNull()
      .default({}),
    groupBy: text("group_by").array().notNull().default([]),
    /** For version_regression: the versions compared (migration 0016). */
    version: jsonb("version").$type<{
      by: "model" | "prompt" | "attribute";
      key: string;
      baseline: string;
      candidate: string;
    } | null>(),
    windowMinutes: integer("window_minutes").notNull(),
    comparator: text("comparator").$type<"gt" | "lt">().notNull(),
    threshold: doublePrecision("threshold").notNull(),
    channelIds: text("channel_ids").array().notNull().default([]),
    /** An owner e-mail that overrides the feature's owner. */
    owner: text("owner"),
    /** Breaching evaluations in a row before firing, and clear ones before resolving. */
    minBreaches: integer("min_breaches").notNull().default(2),
    minRecoveries: integer("min_recoveries").notNull().default(2),
    enabled: boolean("enabled").notNull().default(true),
    /** Relative condition: the value is the change against this baseline of the same group; null: absolute. */
    baseline: text("baseline").$type<"week_ago" | "median_4w">(),
    /** How a relative change is measured: percent of the baseline, or standard deviations of the 4 past weeks. */
    changeUnit: text("change_unit").$type<"percent" | "stddev">().notNull().default("percent"),
    /** Below this volume (spans, scores) in the window a group is "insufficient data", never breaching. */
    minVolume: integer("min_volume").notNull().default(0),
    /** A group that reported and then sent nothing for this long is in the "no data" state. */
    noDataMinutes: integer("no_data_minutes"),
    /** Escalation: a page unacknowledged this many minutes (tickets: business hours × 60); null: the project's. */
    escalationMinutes: integer("escalation_minutes"),
    /** Why the last evaluation did not run (a stored value no longer valid) or failed; null once one succeeds. */
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_rules_project_idx").on(t.projectId)],
);

export type AlertRule = typeof alertRules.$inferSelect;
export type AlertStateName = "ok" | "firing" | "resolved" | "no_data";
/** Why a group's value does not count this time (it never breaches then). */
export type AlertStateNote = "insufficient_data" | "no_baseline";

/** The state machine of one rule for one group ('' when the rule is not grouped). */
export const alertStates = pgTable(
  "alert_states",
  {
    ruleId: text("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    groupKey: text("group_key").notNull(),
    group: jsonb("group").$type<Record<string, string>>().notNull().default({}),
    state: text("state").$type<AlertStateName>().notNull().default("ok"),
    breaches: integer("breaches").notNull().default(0),
    recoveries: integer("recoveries").notNull().default(0),
    lastValue: doublePrecision("last_value"),
    lastEvaluatedAt: timestamp("last_evaluated_at", { withTimezone: true }),
    firedAt: timestamp("fired_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    note: text("note").$type<AlertStateNote>(),
    /** The last evaluation that had data for the group (for "no data for M minutes"). */
    lastDataAt: timestamp("last_data_at", { withTimezone: true }),
    /** A firing page is acknowledged by someone (cleared when it fires again); escalation stops then. */
    acknowledgedBy: text("acknowledged_by"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    /** 0: with the owner; then the team lead, then the admin. */
    escalationLevel: integer("escalation_level").notNull().default(0),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.groupKey] })],
);

/** Each firing and resolution, with the evidence sent out. */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    ruleId: text("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    groupKey: text("group_key").notNull(),
    /** `escalated`: an unacknowledged page went to the next contact (lib/alerts/escalate.ts). */
    kind: text("kind").$type<"firing" | "resolved" | "escalated">().notNull(),
    value: doublePrecision("value"),
    threshold: doublePrecision("threshold").notNull(),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    /** The evaluation slot (ALERT_EVAL_INTERVAL_S) that decided the transition: one per rule, group, kind and slot. */
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("alert_events_project_idx").on(t.projectId, t.at),
    uniqueIndex("alert_events_one_transition_idx").on(t.ruleId, t.groupKey, t.kind, t.windowStart),
  ],
);

/** Every attempt to deliver an event to a channel, with what the receiver answered. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => alertEvents.id, { onDelete: "cascade" }),
    channelId: text("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    ok: boolean("ok").notNull(),
    responseStatus: integer("response_status"),
    response: text("response"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_deliveries_event_idx").on(t.eventId)],
);

export const TICKET_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** One open ticket per rule and group: re-firing adds to its history. */
export const tickets = pgTable(
  "tickets",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    ruleId: text("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    groupKey: text("group_key").notNull(),
    title: text("title").notNull(),
    status: text("status").$type<TicketStatus>().notNull().default("open"),
    assignee: text("assignee"),
    /** The feature the ticket is about (its group's, else the rule's filter): an owner change can move it. */
    feature: text("feature"),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    /** 0: with the assignee; 1: escalated to the team lead; 2: to the admin. */
    escalationLevel: integer("escalation_level").notNull().default(0),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    fireCount: integer("fire_count").notNull().default(1),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tickets_one_open_idx")
      .on(t.ruleId, t.groupKey)
      .where(sql`status <> 'resolved'`),
    index("tickets_project_idx").on(t.projectId, t.status),
  ],
);

export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: text("id").primaryKey(),
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    kind: text("kind")
      .$type<"opened" | "refired" | "condition_resolved" | "comment" | "status" | "assigned" | "escalated">()
      .notNull(),
    actor: text("actor").notNull(),
    body: text("body"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ticket_events_ticket_idx").on(t.ticketId, t.at)],
);
