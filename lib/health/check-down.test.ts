import { describe, expect, it } from "vitest";

// This file runs in its own process, so pointing ClickHouse at a closed port affects it alone.
process.env.CLICKHOUSE_URL = "http://127.0.0.1:9";

describe("health with a store down", () => {
  it("answers 503 and names the store that is down, without throwing", async () => {
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "degraded", clickhouse: "down", postgres: "ok" });
  });

  it("turns a failed query into a typed store error that the API maps to 503", async () => {
    const { queryRows, StoreError } = await import("@/lib/clickhouse/query");
    const { sql } = await import("@/lib/clickhouse/sql");
    const { tables } = await import("@/lib/clickhouse/tables");
    const { toErrorResponse } = await import("@/lib/api/respond");
    const error = await queryRows({
      projectId: "p",
      tag: "t",
      query: sql`SELECT 1 FROM ${tables.spans} WHERE ${tables.spans.scope}`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    const response = toErrorResponse(error);
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("clickhouse_unavailable");
  });
});
