import { describe, expect, it } from "vitest";
import { clickhouse } from "./client";
import { EMBEDDED_SPANS_MERGE_SELECTOR_BASE, tuneEmbeddedEngine } from "./embedded-tuning";
import { loadMigrations, migrateClickHouse } from "./migrate";

const serverMode = process.env.OBS_TEST_CLICKHOUSE === "server";

describe(`ClickHouse migrations (${serverMode ? "server" : "embedded"} mode)`, () => {
  it("applies every migration once, records it, and is a no-op the second time", async () => {
    const { client, mode } = await clickhouse();
    expect(mode).toBe(serverMode ? "server" : "embedded");
    const first = await migrateClickHouse(client);
    expect(first).toEqual(loadMigrations().map((m) => m.name));
    const second = await migrateClickHouse(client);
    expect(second).toEqual([]);
    const recorded = await (
      await client.query({
        query: "SELECT version, name FROM schema_migrations ORDER BY version",
        format: "JSONEachRow",
      })
    ).json<{ version: number; name: string }>();
    expect(recorded.map((r) => r.name)).toEqual(first);
    const tables = await (
      await client.query({
        query: "SELECT name FROM system.tables WHERE database = currentDatabase()",
        format: "JSONEachRow",
      })
    ).json<{ name: string }>();
    expect(tables.map((t) => t.name)).toContain("spans");
    // Server mode works in CLICKHOUSE_DATABASE, which opening the client created.
    const [where] = await (
      await client.query({ query: "SELECT currentDatabase() AS db", format: "JSONEachRow" })
    ).json<{ db: string }>();
    expect(where?.db).toBe(serverMode ? process.env.CLICKHOUSE_DATABASE : "default");
  });

  it.skipIf(serverMode)("tunes the embedded spans table for small inserts, idempotently", async () => {
    const { client } = await clickhouse();
    await migrateClickHouse(client);
    await tuneEmbeddedEngine(client);
    await tuneEmbeddedEngine(client);
    const [table] = await (
      await client.query({
        query: "SELECT create_table_query FROM system.tables WHERE database = currentDatabase() AND name = 'spans'",
        format: "JSONEachRow",
      })
    ).json<{ create_table_query: string }>();
    expect(table?.create_table_query).toContain(`merge_selector_base = ${EMBEDDED_SPANS_MERGE_SELECTOR_BASE}`);
  });
});
