import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "../playwright.config";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };

test.describe("pricing, revenue and margins API", () => {
  test("bad input answers 400 naming row and field, and nothing is half-applied", async ({ request }) => {
    const negative = await request.post("/api/v1/prices", {
      headers: auth,
      data: { model: "gpt-4o", inputPerMTok: -1, outputPerMTok: 1 },
    });
    expect(negative.status()).toBe(400);
    expect((await negative.json()).error.field).toBe("inputPerMTok");
    const euro = await request.post("/api/v1/gpu-rates", {
      headers: auth,
      data: { gpuType: "H100", usdPerHour: 3, currency: "EUR" },
    });
    expect((await euro.json()).error).toMatchObject({ code: "bad_request", field: "currency" });

    const csv = "tenant,month,revenue_usd\nfin-e2e,2026-09,100\nfin-e2e,2026-09,5\n";
    const dup = await request.put("/api/v1/revenue", { headers: { ...auth, "content-type": "text/csv" }, data: csv });
    expect(dup.status()).toBe(400);
    expect((await dup.json()).error).toMatchObject({ field: "tenant", rejected: [{ row: 3, field: "tenant" }] });
    const before = await (await request.get("/api/v1/margins?month=2026-09", { headers: auth })).json();
    expect(before.data.find((r: { tenant: string }) => r.tenant === "fin-e2e")).toBeUndefined();
    expect((await request.get("/api/v1/margins?month=2026-9", { headers: auth })).status()).toBe(400);
    expect(
      (
        await request.get("/api/v1/metrics/cost?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z&groupBy=planet", {
          headers: auth,
        })
      ).status(),
    ).toBe(400);
  });

  test("revenue sent as JSON shows up in the month's margins", async ({ request }) => {
    const put = await request.put("/api/v1/revenue", {
      headers: auth,
      data: { entries: [{ tenant: "fin-e2e", month: "2026-08", revenueUsd: 1234.5 }] },
    });
    expect(put.status()).toBe(200);
    expect(await put.json()).toEqual({ accepted: 1 });
    const margins = await (await request.get("/api/v1/margins?month=2026-08", { headers: auth })).json();
    expect(margins).toMatchObject({ month: "2026-08", totals: { revenueUsd: 1234.5 } });
    expect(margins.data).toContainEqual(
      expect.objectContaining({ tenant: "fin-e2e", revenueUsd: 1234.5, costUsd: 0, marginUsd: 1234.5, marginPct: 100 }),
    );
    const prices = await (await request.get("/api/v1/prices", { headers: auth })).json();
    expect(prices.defaults.prices.length).toBeGreaterThan(20);
  });
});
