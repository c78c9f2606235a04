import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import type { ClickHouseFront } from "@/db/clickhouse/testing/http-front";

// Every test file gets its own data directory (and so its own embedded engines).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "obs-test-"));
process.env.DATA_DIR = dir;
process.env.DEMO_DATA = "0";
// Quiet unless asked (LOG_LEVEL=debug npx vitest ...); tests that check a log line spy on it.
process.env.LOG_LEVEL ??= "silent";
// Real OpenTelemetry exporters in tests: their 10 s export timeout can pass on a loaded CI
// machine and fail a test that would otherwise pass; tests wait for the answer instead.
process.env.OTEL_EXPORTER_OTLP_TIMEOUT ??= "300000";
delete process.env.CLICKHOUSE_URL;
delete process.env.DATABASE_URL;
if (process.env.OBS_TEST_USE_SERVER_PG === "1") process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;

// Server mode: the app reaches ClickHouse over HTTP, answered by the test double in this
// process (the app then opens no embedded engine of its own), with credentials and a
// database of its own that the app's start creates.
let front: ClickHouseFront | undefined;
if (process.env.OBS_TEST_CLICKHOUSE === "server") {
  const { setTestFront, startClickHouseFront } = await import("@/db/clickhouse/testing/http-front");
  const credentials = { user: "observatory", password: "test-password" };
  front = await startClickHouseFront({ dataDir: path.join(dir, "clickhouse-front"), credentials });
  setTestFront(front);
  process.env.CLICKHOUSE_URL = front.url;
  process.env.CLICKHOUSE_USER = credentials.user;
  process.env.CLICKHOUSE_PASSWORD = credentials.password;
  process.env.CLICKHOUSE_DATABASE = "observatory_test";
}

afterAll(async () => {
  // The ingest log's applier stops (after its batch) before the store it writes closes.
  if ((globalThis as { __ingestPipeline?: unknown }).__ingestPipeline) {
    const { closeIngestPipeline } = await import("@/ingest/log/ingest-log");
    await closeIngestPipeline().catch(() => undefined);
  }
  const { closeClickHouse } = await import("@/db/clickhouse/client");
  const { closePostgres } = await import("@/db/postgres/client");
  await closePostgres().catch(() => undefined);
  await closeClickHouse().catch(() => undefined);
  await front?.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});
