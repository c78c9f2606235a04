// `npm run migrate`: applies ClickHouse and Postgres migrations without starting the server.
// With the embedded stores, stop the server first: one process owns the data directory.
import { clickhouse, closeClickHouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { closePostgres, postgres } from "@/db/postgres/client";
import { env } from "@/lib/config/env";

async function main() {
  const ch = await clickhouse();
  const applied = await migrateClickHouse(ch.client, { cluster: env().clickhouse.cluster });
  console.log(`ClickHouse (${ch.mode}): ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
  const pg = await postgres();
  console.log(`Postgres (${pg.mode}): up to date`);
  await closePostgres();
  await closeClickHouse();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
