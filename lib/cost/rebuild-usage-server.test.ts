import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { testFront } from "@/db/clickhouse/testing/http-front";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { insertRows, queryRows } from "@/lib/clickhouse/query";
import { sql } from "@/lib/clickhouse/sql";
import { tables, type ClickHouseTable } from "@/lib/clickhouse/tables";
import { makeProject } from "@/lib/testing/factories";
import { rebuildUsage } from "./rebuild-usage";

// A server takes bound parameters in the URL, at most 1 MiB of it. A rebuild whose pass holds
// more aggregate keys than fit there runs in bucket ranges; in one statement the server
// refused it. Server mode only: the embedded engine has no such limit.
describe.runIf(testFront())("usage rebuild against a server", () => {
  it("rebuilds a project whose aggregate keys exceed one URL, counting usage once", async () => {
    await migrateClickHouse((await clickhouse()).client);
    const ctx = await makeProject();
    const traces = 21_000; // 21,000 keys ≈ 1.2 MB as one parameter
    const rows = [];
    for (let i = 0; i < traces; i++) {
      const trace = {
        project_id: ctx.projectId,
        trace_id: randomBytes(16).toString("hex"),
        start_time: "2026-10-01 10:00:00.000000",
        end_time: "2026-10-01 10:00:01.000000",
      };
      const parent = randomBytes(8).toString("hex");
      // Vercel's shape: the outer span repeats its call's usage, and is an aggregate.
      rows.push({ ...trace, span_id: parent, parent_span_id: "", input_tokens: 10, output_tokens: 5 });
      rows.push({
        ...trace,
        span_id: randomBytes(8).toString("hex"),
        parent_span_id: parent,
        input_tokens: 10,
        output_tokens: 5,
      });
    }
    await insertRows("spans", rows);

    await rebuildUsage(ctx.projectId);
    const sums = async (table: ClickHouseTable) =>
      (
        await queryRows<{ input: number }>({
          projectId: ctx.projectId,
          tag: "test",
          query: sql`SELECT sum(input_tokens) AS input FROM ${tables[table]} WHERE ${tables[table].scope}`,
        })
      )[0]?.input;
    expect(await sums("usage_hourly")).toBe(traces * 10);
    expect(await sums("traces")).toBe(traces * 10);
    const longest = Math.max(
      ...testFront()!
        .requests.filter((r) => r.query.includes("NOT IN (SELECT arrayJoin"))
        .map((r) => r.urlBytes),
    );
    expect(longest).toBeLessThan(1024 * 1024);
  });
});
