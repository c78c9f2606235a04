import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db, onIdlePostgresError } from "./client";

// A server that drops an idle pooled connection (restart, failover, idle timeout) must not end
// the process: the pool reports it and the next query connects again. PGlite has no pool.
type Rows<Row> = { rows: Row[] };
const serverOnly = process.env.OBS_TEST_USE_SERVER_PG === "1" ? describe : describe.skip;

serverOnly("an idle Postgres connection lost (PostgreSQL server)", () => {
  it("is reported, and the next query reconnects", async () => {
    const lost = new Promise<Error>((resolve) => onIdlePostgresError(resolve));
    const database = await db();
    const result = (await database.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as Rows<{ pid: number }>;
    const pid = result.rows[0]!.pid;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    } finally {
      await admin.end();
    }
    expect((await lost).message).toMatch(/terminat/i);
    const again = (await database.execute(sql`SELECT 1 AS ok`)) as unknown as Rows<{ ok: number }>;
    expect(again.rows[0]?.ok).toBe(1);
  });
});
