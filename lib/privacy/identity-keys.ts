import { join, sql, str, type Sql } from "@/lib/clickhouse/sql";

// Where each convention puts the end user and the session in span attributes, until typed
// columns carry them.
export const USER_ID_KEYS = [
  "user.id", // OpenTelemetry semantic conventions, OpenInference
  "enduser.id",
  "ai.settings.context.userId", // Vercel AI SDK 7 runtime context
  "ai.telemetry.metadata.userId", // Vercel AI SDK telemetry metadata
  "traceloop.association.properties.user_id", // OpenLLMetry
  "langfuse.user.id",
] as const;

export const SESSION_ID_KEYS = [
  "session.id", // OpenTelemetry, OpenInference
  "gen_ai.conversation.id",
  "ai.settings.context.sessionId",
  "ai.telemetry.metadata.sessionId",
  "traceloop.association.properties.session_id",
  "langfuse.session.id",
] as const;

const values = (keys: readonly string[]): Sql =>
  join(
    keys.map((k) => sql`attributes[${str(k)}]`),
    ", ",
  );

/** True for a span that names this user under any of the keys. */
export const namesUser = (userId: string): Sql => sql`has([${values(USER_ID_KEYS)}], ${str(userId)})`;

/** True for a span that names some other user. */
export const namesOtherUser = (userId: string): Sql =>
  sql`arrayExists(u -> u != '' AND u != ${str(userId)}, [${values(USER_ID_KEYS)}])`;

/** The session ids a span carries (empty strings included). */
export const sessionIds = (): Sql => sql`[${values(SESSION_ID_KEYS)}]`;
