// `npm run usage:rebuild [projectId...]`: recomputes the hourly usage rollup from stored spans,
// for the given projects or all of them. With the embedded stores, stop the server first.
import { clickhouse, closeClickHouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { env } from "@/lib/config/env";
import { rebuildUsage } from "@/lib/cost/rebuild-usage";

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
    console.log(`usage_hourly rebuilt for ${projectId}`);
  }
  await closeClickHouse();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
