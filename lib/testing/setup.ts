import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

// Every test file gets its own data directory (and so its own embedded engines).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "obs-test-"));
process.env.DATA_DIR = dir;
process.env.DEMO_DATA = "0";
delete process.env.CLICKHOUSE_URL;
delete process.env.DATABASE_URL;
if (process.env.OBS_TEST_USE_SERVER_PG === "1") process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;

afterAll(async () => {
  const { closeClickHouse } = await import("@/db/clickhouse/client");
  const { closePostgres } = await import("@/db/postgres/client");
  await closePostgres().catch(() => undefined);
  await closeClickHouse().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});
