// `npm run sessions:backfill [projectId...]`: fills the session and end-user ids of spans stored
// before ClickHouse migration 0017 from their attributes (ingest/backfill/identity-backfill.ts),
// for the given projects or all of them. Idempotent. With the embedded stores, stop the server first.
import { backfillIdentity } from "@/ingest/backfill/identity-backfill";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { log } from "@/lib/log/logger";
import { runForEachProject } from "./each-project";

runForEachProject(async (projectId) => {
  // The project's own keys (Settings → Ingest) come first, as at ingest.
  const result = await backfillIdentity(projectId, await ingestSettingsFor(projectId));
  log.info({ projectId, ...result }, "session and user ids backfilled");
});
