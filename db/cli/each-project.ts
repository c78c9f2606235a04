import { clickhouse, closeClickHouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { env } from "@/lib/config/env";
import { log } from "@/lib/log/logger";

/**
 * A maintenance command over stored spans: the engine opened and migrated, `work` run for the
 * projects named on the command line (or every project with spans), the engine closed; a
 * failure is logged and exits 1. With the embedded stores, stop the server first.
 */
export function runForEachProject(work: (projectId: string) => Promise<void>): void {
  (async () => {
    const { client } = await clickhouse();
    await migrateClickHouse(client, { cluster: env().clickhouse.cluster });
    let projects = process.argv.slice(2);
    if (projects.length === 0) {
      const result = await client.query({ query: "SELECT DISTINCT project_id FROM spans", format: "JSONEachRow" });
      projects = (await result.json<{ project_id: string }>()).map((r) => r.project_id);
    }
    for (const projectId of projects) await work(projectId);
    await closeClickHouse();
  })().catch((err: unknown) => {
    log.fatal({ err }, err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
