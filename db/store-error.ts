import { brandErrors } from "@/db/cross-bundle";
// A data store that is unreachable or failing, as opposed to a bug or bad input. Routes answer
// it with 503 (lib/api/respond.ts), pages with their "store unavailable" state; anything else
// is rethrown and logged with its stack.

export type StoreErrorCode =
  | "clickhouse_unavailable"
  | "clickhouse_overloaded"
  | "clickhouse_query"
  | "clickhouse_rejected"
  | "postgres_unavailable";

/**
 * `clickhouse_rejected`: the engine (or the row encoder) refused the rows themselves, e.g. a
 * value out of its column's range or too many partitions in one insert. Retrying the same rows
 * fails the same way; other rows would pass.
 */
const storeError = brandErrors("StoreError");
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StoreError";
    storeError.mark(this);
  }
  // Stores opened by the server's bootstrap are shared with the routes' copy of this module.
  static [Symbol.hasInstance](value: unknown): boolean {
    return storeError.is(value);
  }
}

// Socket failures of the pg driver, and the SQLSTATEs of a server that cannot take the query
// now: connection exceptions (class 08), shutdown and "cannot connect now" (57P01-57P03),
// too many connections (53300).
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed/i;

function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/**
 * The store failure behind `error`, if it is one: a StoreError anywhere in its cause chain
 * (drizzle wraps driver errors in DrizzleQueryError), or a Postgres connection failure.
 */
export function asStoreError(error: unknown): StoreError | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StoreError) return e;
    if (isPostgresUnavailable(e)) return new StoreError("postgres_unavailable", (e as Error).message, { cause: error });
  }
  return undefined;
}
