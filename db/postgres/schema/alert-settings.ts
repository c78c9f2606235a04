import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/** Per project: who gets what nobody owns, business hours in the project's zone, and escalation timeouts. */
export const alertSettings = pgTable("alert_settings", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  /** Tickets go here when neither the feature nor the rule has an owner. */
  defaultAssignee: text("default_assignee"),
  /** The last contact of the escalation chain (owner → team lead → admin). */
  adminContact: text("admin_contact"),
  timeZone: text("time_zone").notNull().default("UTC"),
  /** ISO weekdays (1 = Monday) and hours [start, end) of the working day, in timeZone. */
  businessDays: integer("business_days").array().notNull().default([1, 2, 3, 4, 5]),
  businessStartHour: integer("business_start_hour").notNull().default(9),
  businessEndHour: integer("business_end_hour").notNull().default(17),
  /** A page unacknowledged this long goes to the next contact; null: never. */
  pageAckMinutes: integer("page_ack_minutes").default(15),
  /** A ticket unacknowledged for this many business hours goes to the next contact; null: never. */
  ticketAckBusinessHours: integer("ticket_ack_business_hours").default(8),
  /** Who hears about tenant budgets: member ids or e-mails, in order (the first holds the ticket). */
  financeContacts: text("finance_contacts").array().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type AlertSettings = typeof alertSettings.$inferSelect;
