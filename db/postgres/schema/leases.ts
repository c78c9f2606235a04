import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Background jobs run on one replica at a time: whoever holds the unexpired lease. */
export const leases = pgTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});
