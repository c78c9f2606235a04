import { describe, expect, it } from "vitest";
import { clickhouse } from "./client";
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
});
