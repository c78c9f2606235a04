// `npm run usage:rebuild [projectId...]`: recomputes the hourly usage rollup from stored spans,
// for the given projects or all of them. With the embedded stores, stop the server first.
import { clickhouse, closeClickHouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { env } from "@/lib/config/env";
import { rebuildUsage } from "@/lib/cost/rebuild-usage";
import { log } from "@/lib/log/logger";

async function main() {
  const { client } = await clickhouse();
  await migrateClickHouse(client, { cluster: env().clickhouse.cluster });
  let projects = process.argv.slice(2);
  if (projects.length === 0) {
    const result = await client.query({ query: "SELECT DISTINCT project_id FROM spans", format: "JSONEachRow" });
    projects = (await result.json<{ project_id: string }>()).map((r) => r.project_id);
  }
  for (const projectId of projects) {
    await rebuildUsage(projectId);
    log.info({ projectId }, "usage_hourly rebuilt");
  }
  await closeClickHouse();
}

main().catch((err: unknown) => {
  log.fatal({ err }, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
