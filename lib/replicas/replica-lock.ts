import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db/postgres/client";
import { env } from "@/lib/config/env";

// Replicas each apply their own ingest log, but share Postgres and ClickHouse. The applier's
// "which of these spans are stored? insert the fresh ones" must not interleave across replicas:
// two replicas that both took the same resent span would both find it new and both count it
// in the rollups (spans itself dedups; traces, usage and trace_usage would not). A transaction-
// scoped advisory lock on the shared Postgres serializes that step, and only that step, across
// replicas. Embedded Postgres (PGlite) means one process and one applier: nothing to serialize,
// and a PGlite transaction would hold every other query of the app meanwhile.

/** The advisory lock key of the stored-span lookup and spans insert (any constant; documented). */
export const APPLY_LOCK_KEY = 7_170_417;

export async function withReplicaLock<T>(fn: () => Promise<T>): Promise<T> {
  if (!env().databaseUrl) return fn();
  return (await db()).transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${APPLY_LOCK_KEY})`);
    return fn();
  });
}
