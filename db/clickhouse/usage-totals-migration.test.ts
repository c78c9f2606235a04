import { describe, expect, it } from "vitest";
import { clickhouse } from "./client";
import { loadMigrations, migrateClickHouse } from "./migrate";

describe("migration 0018: usage totals without the end user", () => {
  it("backfills the rollups stored before it, sums new rows (correction pairs included) across users", async () => {
    const { client } = await clickhouse();
    const all = loadMigrations();
    await migrateClickHouse(client, { migrations: all.filter((m) => m.version < 18) });
    const usage = (user: string, hour: string, tokens: number) =>
      `('p', '${hour}', 'acme', 'chat', '${user}', 'gpt-4o', 'llm', '', 0, 0, 1, 0, ${tokens}, 0, 10, 0, 0)`;
    const insert = (values: string[]) =>
      client.command({
        query: `INSERT INTO usage_hourly (project_id, hour, tenant, feature, user_id, model, kind, gpu_type, tier_tokens, cost_reported, spans, error_spans, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd) VALUES ${values.join(", ")}`,
      });
    await insert([usage("u1", "2026-11-01 10:00:00", 100), usage("u2", "2026-11-01 10:00:00", 50)]);

    await migrateClickHouse(client, { migrations: all });
    // A later insert, and a correcting row that takes u1's 100 tokens back (signed sums).
    await insert([usage("u3", "2026-11-01 11:00:00", 30), usage("u1", "2026-11-01 10:00:00", -100)]);

    const read = async (table: string) =>
      (
        await client.query({
          query: `SELECT toString(hour) AS hour, toInt64(sum(input_tokens)) AS tokens, toInt64(sum(spans)) AS spans FROM ${table} WHERE project_id = 'p' GROUP BY hour ORDER BY hour`,
          format: "JSONEachRow",
        })
      ).json();
    expect(await read("usage_hourly_totals")).toEqual([
      { hour: "2026-11-01 10:00:00", tokens: 50, spans: 3 },
      { hour: "2026-11-01 11:00:00", tokens: 30, spans: 1 },
    ]);
    expect(await read("usage_daily_totals")).toEqual([{ hour: "2026-11-01 00:00:00", tokens: 80, spans: 4 }]);
    expect(await read("usage_daily_totals")).toEqual(
      (await read("usage_daily")) as Array<{ hour: string; tokens: number; spans: number }>,
    );
  });
});
