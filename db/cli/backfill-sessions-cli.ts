// `npm run sessions:backfill [projectId...]`: fills the session and end-user ids of spans stored
// before ClickHouse migration 0017 from their attributes (ingest/backfill/identity-backfill.ts),
// for the given projects or all of them. Idempotent. With the embedded stores, stop the server first.
import { clickhouse, closeClickHouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { backfillIdentity } from "@/ingest/backfill/identity-backfill";
import { env } from "@/lib/config/env";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
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
    // The project's own keys (Settings → Ingest) come first, as at ingest.
    const result = await backfillIdentity(projectId, await ingestSettingsFor(projectId));
    log.info({ projectId, ...result }, "session and user ids backfilled");
  }
  await closeClickHouse();
}

main().catch((err: unknown) => {
  log.fatal({ err }, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
