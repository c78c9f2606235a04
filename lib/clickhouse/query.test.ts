import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { insertRows, queryRows, StoreError } from "./query";
import { tables } from "./tables";
import { render, sql, str, strs } from "./sql";
import { nanosToClickHouseTime } from "@/lib/domain/span/span-time";

const span = (project_id: string, span_id: string, name: string) => ({
  project_id,
  trace_id: "t".repeat(32),
  span_id,
  name,
  start_time: nanosToClickHouseTime(1_767_225_600_000_000_000n),
  end_time: nanosToClickHouseTime(1_767_225_601_000_000_000n),
});

describe("the ClickHouse gateway", () => {
  beforeAll(async () => {
    await migrateClickHouse((await clickhouse()).client);
    await insertRows("spans", [
      span("project-a", "a1", "alpha"),
      span("project-b", "b1", "beta"),
      span("project-a", "a2", "it's; DROP TABLE spans"),
    ]);
  });

  it("binds every value as a parameter", () => {
    const rendered = render(sql`SELECT 1 WHERE name = ${str("x' OR 1=1 --")} AND id IN ${strs(["a", "b"])}`);
    expect(rendered.text).toBe("SELECT 1 WHERE name = {p0:String} AND id IN {p1:Array(String)}");
    expect(rendered.params).toEqual({ p0: "x' OR 1=1 --", p1: ["a", "b"] });
  });

  it("refuses a query that is not scoped to the project", async () => {
    await expect(
      queryRows({ projectId: "project-a", tag: "test", query: sql`SELECT count() FROM spans` }),
    ).rejects.toBeInstanceOf(StoreError);
    const unscopedJoin = sql`SELECT count() FROM ${tables.spans} INNER JOIN ${tables.traces} USING (trace_id) WHERE ${tables.spans.scope}`;
    await expect(queryRows({ projectId: "project-a", tag: "test", query: unscopedJoin })).rejects.toThrow(
      /reads traces 1 time\(s\) with 0 scope/,
    );
    await expect(
      queryRows({ projectId: "", tag: "test", query: sql`SELECT 1 FROM ${tables.spans} WHERE ${tables.spans.scope}` }),
    ).rejects.toThrow(/projectId/);
  });

  it("sees only the project's own rows (tenant isolation)", async () => {
    const names = async (projectId: string) =>
      (
        await queryRows<{ name: string }>({
          projectId,
          tag: "test",
          query: sql`SELECT name FROM ${tables.spans} WHERE ${tables.spans.scope} ORDER BY name`,
        })
      ).map((r) => r.name);
    expect(await names("project-a")).toEqual(["alpha", "it's; DROP TABLE spans"]);
    expect(await names("project-b")).toEqual(["beta"]);
    expect(await names("project-c")).toEqual([]);
  });

  it("matches hostile strings literally", async () => {
    const rows = await queryRows<{ n: number }>({
      projectId: "project-a",
      tag: "test",
      query: sql`SELECT count() AS n FROM ${tables.spans} WHERE ${tables.spans.scope} AND name = ${str("it's; DROP TABLE spans")}`,
    });
    expect(rows[0]?.n).toBe(1);
  });

  it("reports a query the engine rejects as a query error (500), not an outage", async () => {
    const { toErrorResponse } = await import("@/lib/api/respond");
    const error = await queryRows({
      projectId: "p",
      tag: "test",
      query: sql`SELECT no_such_column FROM ${tables.spans} WHERE ${tables.spans.scope}`,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "clickhouse_query" });
    expect(toErrorResponse(error).status).toBe(500);
  });

  it("refuses rows without a project id", async () => {
    await expect(insertRows("spans", [span("", "x", "no project")])).rejects.toThrow(/project_id/);
  });
});
