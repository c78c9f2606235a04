import path from "node:path";
import { defineConfig } from "vitest/config";

// The ClickHouse-facing test files, run a second time in server mode: the app talks HTTP
// (`CLICKHOUSE_URL`) to a test double of the ClickHouse HTTP interface over the embedded engine,
// which lib/testing/setup.ts starts in each test file's process.
const SERVER_CLICKHOUSE_FILES = [
  "db/clickhouse/{insert,dedup,migrate,trace-index-migration}.test.ts",
  "ingest/{writer,http,pipeline,scores,grpc,backfill}/**/*.test.ts",
  "ingest/log/applier.test.ts",
  "lib/{clickhouse,traces,sessions,cost,finance,quality,scores,alerts,usage,metrics,feedback,judge}/**/*.test.ts",
];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Next's server-only guard throws outside a React server build; tests are server code.
      "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
    },
  },
  test: {
    // With TEST_DATABASE_URL the Postgres-touching tests (*.pg.test.ts) run a second time
    // against that server; otherwise everything runs on the embedded engines.
    projects: [
      { extends: true, test: { name: "embedded", include: ["{lib,db,ingest}/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "server-clickhouse", include: SERVER_CLICKHOUSE_FILES, env: { OBS_TEST_CLICKHOUSE: "server" } },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres-server",
                include: ["{lib,db,ingest}/**/*.pg.test.ts"],
                env: { OBS_TEST_USE_SERVER_PG: "1" },
              },
            },
          ]
        : []),
    ],
    // chdb binds one data directory per process: each test file runs in its own process.
    pool: "forks",
    maxWorkers: 2,
    isolate: true,
    setupFiles: ["lib/testing/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
