import { describe, expect, it } from "vitest";
import { clickhouse } from "./client";
import { EMBEDDED_SPANS_MERGE_SELECTOR_BASE, tuneEmbeddedEngine } from "./embedded-tuning";
import { loadMigrations, migrateClickHouse } from "./migrate";

describe("ClickHouse migrations on the embedded engine", () => {
  it("applies every migration once, records it, and is a no-op the second time", async () => {
    const { client, mode } = await clickhouse();
    expect(mode).toBe("embedded");
    const first = await migrateClickHouse(client);
    expect(first).toEqual(loadMigrations().map((m) => m.name));
    const second = await migrateClickHouse(client);
    expect(second).toEqual([]);
    const recorded = await (await client.query({ query: "SELECT version, name FROM schema_migrations ORDER BY version", format: "JSONEachRow" })).json<{ version: number; name: string }>();
    expect(recorded.map((r) => r.name)).toEqual(first);
    const tables = await (await client.query({ query: "SELECT name FROM system.tables WHERE database = currentDatabase()", format: "JSONEachRow" })).json<{ name: string }>();
    expect(tables.map((t) => t.name)).toContain("spans");
  });

  it("tunes the embedded spans table for small inserts, idempotently", async () => {
    const { client } = await clickhouse();
    await migrateClickHouse(client);
    await tuneEmbeddedEngine(client);
    await tuneEmbeddedEngine(client);
    const [table] = await (await client.query({ query: "SELECT create_table_query FROM system.tables WHERE database = currentDatabase() AND name = 'spans'", format: "JSONEachRow" })).json<{ create_table_query: string }>();
    expect(table?.create_table_query).toContain(`merge_selector_base = ${EMBEDDED_SPANS_MERGE_SELECTOR_BASE}`);
  });
});
