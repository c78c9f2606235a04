// `npm run migrate`: applies ClickHouse and Postgres migrations without starting the server.
// With the embedded stores, stop the server first: one process owns the data directory.
import { clickhouse, closeClickHouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { closePostgres, postgres } from "@/db/postgres/client";
import { env } from "@/lib/config/env";
import { log } from "@/lib/log/logger";

async function main() {
  const ch = await clickhouse();
  const applied = await migrateClickHouse(ch.client, { cluster: env().clickhouse.cluster });
  log.info(
    { mode: ch.mode, applied },
    `ClickHouse (${ch.mode}): ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`,
  );
  const pg = await postgres();
  log.info({ mode: pg.mode }, `Postgres (${pg.mode}): up to date`);
  await closePostgres();
  await closeClickHouse();
}

main().catch((err: unknown) => {
  log.fatal({ err }, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
