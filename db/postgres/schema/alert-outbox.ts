import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { alertChannels, alertEvents } from "./alerts";
import { projects } from "./projects";

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One row per transition and channel, written in the transaction that decided the transition:
 * what must be delivered survives a crash, a dead receiver is retried with backoff for hours,
 * and a claim (`pending` → `sending`) keeps two senders from sending it twice.
 */
export const alertOutbox = pgTable(
  "alert_outbox",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => alertEvents.id, { onDelete: "cascade" }),
    channelId: text("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<OutboxStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastStatus: integer("last_status"),
    lastResponse: text("last_response"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alert_outbox_event_channel_idx").on(t.eventId, t.channelId),
    index("alert_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("alert_outbox_channel_idx").on(t.channelId, t.createdAt),
  ],
);
export type OutboxRow = typeof alertOutbox.$inferSelect;
