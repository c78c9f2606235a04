import { describe, expect, it } from "vitest";
import { clickhouse } from "./client";
import { loadMigrations, migrateClickHouse } from "./migrate";

describe("migration 0015: one trace attribution whatever the arrival order", () => {
  it("refills the tenant and feature of traces stored before it and keeps their sums, then decides new spans the same way", async () => {
    const { client } = await clickhouse();
    const all = loadMigrations();
    await migrateClickHouse(client, { migrations: all.filter((m) => m.version < 15) });
    const span = (
      trace: string,
      id: string,
      parent: string,
      start: string,
      tenant: string,
      feature: string,
      input: number,
    ) =>
      `('p15', '${trace}', '${id}', '${parent}', '2026-11-01 10:00:${start}', '2026-11-01 10:00:59.000000', '${tenant}', '${feature}', ${input})`;
    const insert = (values: string[]) =>
      client.command({
        query: `INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, start_time, end_time, tenant, feature, input_tokens) VALUES ${values.join(", ")}`,
      });
    const [a, b, c] = ["a".repeat(32), "b".repeat(32), "c".repeat(32)];
    // a: the later child arrives first; b: the root has it; c: arrives after the migration.
    await insert([span(a, "2".repeat(16), "r", "02.000000", "second", "f2", 10)]);
    await insert([
      span(a, "1".repeat(16), "r", "01.000000", "first", "", 20),
      span(a, "r".padEnd(16, "0"), "", "00.000000", "", "", 0),
    ]);
    await insert([
      span(b, "1".repeat(16), "r", "01.000000", "child", "fc", 5),
      span(b, "r".padEnd(16, "0"), "", "03.000000", "root", "", 0),
    ]);

    expect(await migrateClickHouse(client, { migrations: all })).toEqual(
      all.filter((m) => m.version >= 15).map((m) => m.name),
    );
    await insert([span(c, "9".repeat(16), "r", "01.000000", "same-instant-high", "", 1)]);
    await insert([span(c, "8".repeat(16), "r", "01.000000", "same-instant-low", "", 2)]);

    const rows = await (
      await client.query({
        query: `SELECT substring(trace_id, 1, 1) AS t, argMinMerge(tenant) AS tenant, argMinMerge(feature) AS feature, sum(span_count) AS spans,
                     sum(input_tokens) AS input, toString(min(start_time)) AS start, toString(max(end_time)) AS end, argMaxMerge(name) AS name
              FROM traces WHERE project_id = 'p15' GROUP BY t ORDER BY t`,
        format: "JSONEachRow",
      })
    ).json();
    expect(rows).toEqual([
      {
        t: "a",
        tenant: "first",
        feature: "f2",
        spans: 3,
        input: 30,
        start: "2026-11-01 10:00:00.000000",
        end: "2026-11-01 10:00:59.000000",
        name: "",
      },
      {
        t: "b",
        tenant: "root",
        feature: "fc",
        spans: 2,
        input: 5,
        start: "2026-11-01 10:00:01.000000",
        end: "2026-11-01 10:00:59.000000",
        name: "",
      },
      {
        t: "c",
        tenant: "same-instant-low",
        feature: "",
        spans: 2,
        input: 3,
        start: "2026-11-01 10:00:01.000000",
        end: "2026-11-01 10:00:59.000000",
        name: "",
      },
    ]);
  });
});
