import { describe, expect, it } from "vitest";

describe("health", () => {
  it("reports ok when both embedded stores answer", async () => {
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", clickhouse: "ok", postgres: "ok" });
  });
});
