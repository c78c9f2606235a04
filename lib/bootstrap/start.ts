import "server-only";
import { clickhouse, closeClickHouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { tuneEmbeddedEngine } from "@/db/clickhouse/embedded-tuning";
import { closePostgres, onIdlePostgresError, postgres } from "@/db/postgres/client";
import { closeIngestPipeline, ingestPipeline, waitApplied } from "@/ingest/log/ingest-log";
import { startAppGrpcServer, stopAppGrpcServer } from "@/ingest/grpc/start-grpc";
import { env } from "@/lib/config/env";
import { countUsers, initFromEnv } from "./init-from-env";
import { findUserByEmail } from "@/lib/users/create-user";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { sendDemoData } from "@/ingest/demo/send-demo";
import { startBackgroundJobs, stopBackgroundJobs } from "./jobs";
import { log, logged } from "@/lib/log/logger";
import { tellDemoStory } from "./demo-story";
import { markInterruptedExperiments } from "@/lib/experiments/experiment-rows";

export const DEMO_ADMIN = { email: "demo@example.com", password: "demo-password", project: "Demo" } as const;

/** Runs once per server process before it answers requests: migrations, headless init, demo account. */
export async function startServer(): Promise<void> {
  const config = env();
  onIdlePostgresError((err) => log.warn({ err }, "an idle Postgres connection was lost; the next query reconnects"));
  const ch = await clickhouse();
  const applied = await migrateClickHouse(ch.client, { cluster: config.clickhouse.cluster });
  if (ch.mode === "embedded") await tuneEmbeddedEngine(ch.client);
  const pg = await postgres();
  log.info({ clickhouse: ch.mode, postgres: pg.mode, dataDir: config.dataDir }, "stores open");
  if (applied.length) log.info({ applied }, "ClickHouse migrations applied");
  // The ingest log opens before anything is answered; what it holds unapplied is applied now.
  const ingestLog = await ingestPipeline();
  const backlog = ingestLog.status().backlogBytes;
  if (backlog)
    log.info({ backlogBytes: backlog }, "ingest log: records acknowledged before the last stop are being applied");

  // Experiments this server was running when it stopped cannot go on: they read as interrupted.
  const interrupted = await markInterruptedExperiments({ atStart: true });
  if (interrupted) log.info({ interrupted }, "experiments left running by the last stop marked interrupted");

  await initFromEnv(config.init);
  // A fresh embedded install with nobody in it gets a demo account, so the first run shows something.
  const demo = config.demoData && !config.databaseUrl && (await countUsers()) === 0;
  if (demo) {
    const { projectId } = await initFromEnv({
      adminEmail: DEMO_ADMIN.email,
      adminPassword: DEMO_ADMIN.password,
      projectName: DEMO_ADMIN.project,
    });
    const ctx = { projectId: projectId!, role: "admin" as const, actor: { type: "system" as const } };
    // It sends spans and scores (ingest) and the demo tenants' revenue (write); it is revoked after.
    const key = await createApiKey({ ctx, input: { name: "demo data loader", scopes: ["ingest", "write"] } });
    // In the background: the server starts answering only after this function returns.
    void sendDemoData({ baseUrl: `http://127.0.0.1:${config.port}`, apiKey: key.secretKey })
      .then(async (spans) => {
        log.info({ spans }, "demo data loaded through /v1/traces");
        // A 2xx means durable, not yet readable: the story reads the demo month, so it waits for it.
        await waitApplied();
        await tellDemoStory(ctx, DEMO_ADMIN.email);
      })
      .catch(logged("demo", "loading demo data failed"))
      .finally(() => revokeApiKey({ ctx, keyId: key.id }).catch(logged("demo", "revoking the demo loader key failed")));
  }
  await startAppGrpcServer(config.otlpGrpcPort);
  flushOnShutdown();
  startBackgroundJobs();
  const url = `http://localhost:${config.port}`;
  log.info({ url }, `Ready on ${url}`);
  if (await findUserByEmail(DEMO_ADMIN.email)) {
    log.info({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }, "demo sign-in");
  }
}

/**
 * After the HTTP server has drained: the ingest log stops taking records and its applier
 * finishes its batch (the rest is durable and applied at the next start), then the stores close.
 * The background jobs (the judge among them) stop first, so that nothing appends after.
 */
async function closeStores(): Promise<void> {
  await stopAppGrpcServer();
  await stopBackgroundJobs();
  await closeIngestPipeline();
  await closePostgres();
  await closeClickHouse();
}

/**
 * Under `server.mjs` (what `npm start` runs) the server owns SIGTERM: it stops accepting, lets
 * requests in flight finish, then calls `__observatoryShutdown`. Under `next start` or `next
 * dev` (NEXT_MANUAL_SIG_HANDLE set) we flush on the signal ourselves.
 */
function flushOnShutdown(): void {
  const holder = globalThis as unknown as { __shutdownHooked?: boolean; __observatoryShutdown?: () => Promise<void> };
  if (holder.__shutdownHooked) return;
  holder.__shutdownHooked = true;
  holder.__observatoryShutdown = closeStores;
  if (env().customServer) return;
  const shutdown = async (signal: string) => {
    log.info({ signal }, "stopping: flushing pending spans");
    const timer = setTimeout(() => process.exit(1), 25_000);
    try {
      await closeStores();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
