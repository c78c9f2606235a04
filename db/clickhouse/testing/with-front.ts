import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startClickHouseFront } from "./http-front";

// Runs a command against a fresh test double of the ClickHouse HTTP interface, for the
// Playwright run in server mode:
//   tsx db/clickhouse/testing/with-front.ts --port 5210 --data .data-x --user u --password p -- node server.mjs
// The front listens first; the command gets CLICKHOUSE_URL, _USER and _PASSWORD and this
// process ends with it.

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string" },
    data: { type: "string" },
    user: { type: "string" },
    password: { type: "string" },
  },
});
if (!values.port || !values.data || positionals.length === 0) {
  console.error("usage: with-front.ts --port N --data DIR [--user U --password P] -- command [args...]");
  process.exit(2);
}
const dataDir = path.resolve(values.data);
fs.rmSync(dataDir, { recursive: true, force: true });
const credentials = { user: values.user ?? "default", password: values.password ?? "" };
const front = await startClickHouseFront({ dataDir, port: Number(values.port), credentials });
console.log(`[front] ClickHouse HTTP test double (not a ClickHouse server) on ${front.url}`);

const [command, ...args] = positionals as [string, ...string[]];
const child = spawn(command, args, {
  stdio: "inherit",
  env: {
    ...process.env,
    CLICKHOUSE_URL: front.url,
    CLICKHOUSE_USER: credentials.user,
    CLICKHOUSE_PASSWORD: credentials.password,
  },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  void front.close().finally(() => process.exit(code ?? (signal ? 1 : 0)));
});
