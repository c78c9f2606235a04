import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// Server mode in the browser: the app started with CLICKHOUSE_URL pointing at a test double of
// the ClickHouse HTTP interface over the embedded engine (db/clickhouse/testing/with-front.ts),
// for the specs that walk OTLP ingest, the trace list and the trace view. Run after the main config
// (same port, one at a time).
const PORT = Number(process.env.E2E_PORT ?? 3210);
const FRONT_PORT = PORT + 2000;
const appServer = Array.isArray(base.webServer) ? base.webServer[0]! : base.webServer!;

export default defineConfig({
  ...base,
  testMatch: ["ingest.spec.ts", "traces.spec.ts"],
  outputDir: "test-results/server-clickhouse",
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report/server-clickhouse" }]],
  webServer: {
    ...appServer,
    command:
      `node -e "require('fs').rmSync('.data-e2e-server',{recursive:true,force:true})" && ` +
      `npx tsx db/clickhouse/testing/with-front.ts --port ${FRONT_PORT} --data .data-e2e-clickhouse --user e2e --password e2e-clickhouse-password -- node server.mjs`,
    env: { ...appServer.env, DATA_DIR: ".data-e2e-server", CLICKHOUSE_DATABASE: "observatory_e2e" },
  },
});
