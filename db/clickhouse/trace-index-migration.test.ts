import { describe, expect, it } from "vitest";
import { clickhouse } from "./client";
import { loadMigrations, migrateClickHouse } from "./migrate";

describe("migration 0007: failing spans in the trace index", () => {
  it("refills the index of spans stored before it, and indexes new ones through the view", async () => {
    const { client } = await clickhouse();
    const all = loadMigrations();
    await migrateClickHouse(client, { migrations: all.filter((m) => m.version < 7) });
    const span = (traceId: string, status: string) =>
      `('p', '${traceId}', '${traceId.slice(0, 16)}', '2026-11-01 10:00:00.000000', '2026-11-01 10:00:01.000000', '${status}')`;
    const insert = (values: string[]) =>
      client.command({
        query: `INSERT INTO spans (project_id, trace_id, span_id, start_time, end_time, status) VALUES ${values.join(", ")}`,
      });
    await insert([span("a".repeat(32), "ok"), span("b".repeat(32), "error")]);

    expect(await migrateClickHouse(client, { migrations: all })).toEqual(
      all.filter((m) => m.version >= 7).map((m) => m.name),
    );
    await insert([span("c".repeat(32), "error")]);

    const rows = await (
      await client.query({
        query: "SELECT substring(trace_id, 1, 1) AS t, is_error FROM trace_index ORDER BY t",
        format: "JSONEachRow",
      })
    ).json();
    expect(rows).toEqual([
      { t: "a", is_error: 0 },
      { t: "b", is_error: 1 },
      { t: "c", is_error: 1 },
    ]);
  });
});
