import { join, sql, str, type Sql } from "@/lib/clickhouse/sql";
import { SESSION_ID_KEYS, USER_ID_KEYS } from "@/lib/domain/span/identity-keys";

export { SESSION_ID_KEYS, USER_ID_KEYS };

const values = (keys: readonly string[]): Sql =>
  join(
    keys.map((k) => sql`attributes[${str(k)}]`),
    ", ",
  );

/** True for a span that names this user under any of the keys. */
export const namesUser = (userId: string): Sql =>
  sql`(user_id = ${str(userId)} OR has([${values(USER_ID_KEYS)}], ${str(userId)}))`;

/** True for a span that names some other user. */
export const namesOtherUser = (userId: string): Sql =>
  sql`arrayExists(u -> u != '' AND u != ${str(userId)}, [user_id, ${values(USER_ID_KEYS)}])`;

/** The session ids a span carries (empty strings included). */
export const sessionIds = (): Sql => sql`[session_id, ${values(SESSION_ID_KEYS)}]`;
