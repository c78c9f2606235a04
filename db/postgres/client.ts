import "server-only";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { env } from "@/lib/config/env";
import { StoreError } from "../store-error";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The handle inside `database.transaction(async (tx) => ...)`; a Database is not one. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type PostgresMode = "embedded" | "server";
export type PostgresHandle = { db: Database; mode: PostgresMode; close: () => Promise<void> };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "postgres", "migrations");
// Any constant works; it only has to be the same for every replica running migrations.
const MIGRATION_LOCK_KEY = 4_217_001;

/** Opens Postgres (PGlite on disk, or a server by URL) and applies pending migrations. */
export async function openPostgres(options: { url?: string; dataDir: string }): Promise<PostgresHandle> {
  if (!options.url) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const dir = path.join(options.dataDir, "postgres");
    fs.mkdirSync(dir, { recursive: true });
    // Postgres' default 128 MB of shared buffers is most of PGlite's resident memory (measured:
    // 333 MB resident on open, 228 MB with 16 MB); the metadata it holds fits many times over.
    const client = await PGlite.create(dir, {
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"],
    });
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return { db: db as unknown as Database, mode: "embedded", close: () => client.close() };
  }
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new Pool({ connectionString: options.url, max: 10 });
  // An idle connection that the server drops (a restart, a failover) emits here; unheard, it
  // would end the process. The next query opens a new connection.
  pool.on("error", (error) => idleErrorListener(error));
  const db = drizzle({ client: pool, schema });
  // Replicas starting together must not race each other through the same migration.
  const lockClient = await pool.connect();
  try {
    await lockClient.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await lockClient.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    lockClient.release();
  }
  return { db: db as unknown as Database, mode: "server", close: () => pool.end() };
}

let idleErrorListener: (error: Error) => void = () => undefined;
/** Who hears that an idle Postgres connection was lost (lib/bootstrap logs it; db/ has no logger). */
export function onIdlePostgresError(listener: (error: Error) => void): void {
  idleErrorListener = listener;
}

const holder = globalThis as unknown as { __postgres?: Promise<PostgresHandle> };

export function postgres(): Promise<PostgresHandle> {
  holder.__postgres ??= openPostgres({ url: env().databaseUrl, dataDir: env().dataDir }).catch((error: unknown) => {
    holder.__postgres = undefined;
    throw new StoreError(
      "postgres_unavailable",
      `Postgres could not be opened: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  });
  return holder.__postgres;
}

export async function db(): Promise<Database> {
  return (await postgres()).db;
}

export async function pingPostgres(): Promise<boolean> {
  try {
    await (await db()).execute(sql`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}

export async function closePostgres(): Promise<void> {
  const pending = holder.__postgres;
  holder.__postgres = undefined;
  if (pending) await (await pending).close();
}

export { schema };
