import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { projects } from "./projects";
import { users } from "./users";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the secret, shown in lists so people can tell keys apart. */
    displayPrefix: text("display_prefix").notNull(),
    /** sha256 of the whole secret: keys are high-entropy, so a fast hash is enough. */
    secretHash: text("secret_hash").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /**
     * What the key may do: `ingest` (OTLP and scores), `read`, `write` (configuration). Keys made
     * before scopes existed keep `ingest` and `read`; new keys default to `ingest` alone.
     */
    scopes: text("scopes").array().notNull().default(["ingest", "read"]),
  },
  (t) => [uniqueIndex("api_keys_secret_idx").on(t.secretHash), index("api_keys_project_idx").on(t.projectId)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
