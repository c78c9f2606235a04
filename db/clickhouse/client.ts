import "server-only";
import fs from "node:fs";
import path from "node:path";
import { createClient, type ClickHouseClient, type ClickHouseSettings } from "@clickhouse/client";
import { createChdbConnection } from "chdb/connection";
import { env, type AppEnv } from "@/lib/env";

export type { ClickHouseClient, ClickHouseSettings };
export { ClickHouseError } from "@clickhouse/client";

export type ClickHouseMode = "embedded" | "server";

export type ClickHouseHandle = {
  client: ClickHouseClient;
  mode: ClickHouseMode;
  /** Inserts in server mode are batched by the server (async_insert), see DESIGN. */
  insertSettings: ClickHouseSettings;
};

type ChdbClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>["connection"]>;

// 64-bit integers come back as JSON numbers in both modes, so callers see one shape.
const readSettings: ClickHouseSettings = { output_format_json_quote_64bit_integers: 0 };

function embeddedClient(dataDir: string): ClickHouseClient {
  const dir = path.join(dataDir, "clickhouse");
  fs.mkdirSync(dir, { recursive: true });
  // The embedded engine ignores `database`; it works in `default`, which it owns alone.
  // chdb types the connection against its own copy of client-common; the shapes match.
  const connection = createChdbConnection({ path: dir }) as unknown as ChdbClientConnection;
  return createClient({ connection, clickhouse_settings: readSettings });
}

function serverClient(config: AppEnv["clickhouse"], database: string): ClickHouseClient {
  return createClient({
    url: config.url,
    username: config.user ?? "default",
    password: config.password ?? "",
    database,
    clickhouse_settings: readSettings,
    request_timeout: 60_000,
  });
}

async function openClickHouse(config: AppEnv): Promise<ClickHouseHandle> {
  if (!config.clickhouse.url) {
    return { client: embeddedClient(config.dataDir), mode: "embedded", insertSettings: {} };
  }
  const { database, cluster } = config.clickhouse;
  const admin = serverClient(config.clickhouse, "default");
  try {
    const onCluster = cluster ? ` ON CLUSTER \`${cluster}\`` : "";
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS \`${database}\`${onCluster}` });
  } finally {
    await admin.close();
  }
  return {
    client: serverClient(config.clickhouse, database),
    mode: "server",
    insertSettings: { async_insert: 1, wait_for_async_insert: 1 },
  };
}

// chdb binds one data directory per process: keep one handle on globalThis so that
// Next.js dev reloads and every route reuse it.
const holder = globalThis as unknown as { __clickhouse?: Promise<ClickHouseHandle> };

export function clickhouse(): Promise<ClickHouseHandle> {
  holder.__clickhouse ??= openClickHouse(env()).catch((error: unknown) => {
    holder.__clickhouse = undefined;
    throw error;
  });
  return holder.__clickhouse;
}

export async function closeClickHouse(): Promise<void> {
  const pending = holder.__clickhouse;
  holder.__clickhouse = undefined;
  if (pending) await (await pending).client.close();
}
