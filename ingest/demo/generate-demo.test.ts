import { describe, expect, it } from "vitest";
import { parseRevenueCsv, validateEntries } from "@/lib/finance/revenue";
import { demoRequests, demoRevenueCsv } from "./generate-demo";

describe("demo data", () => {
  it("has revenue for every demo tenant in this and last month, valid for the revenue API", () => {
    const { valid, rejected } = validateEntries(parseRevenueCsv(demoRevenueCsv(new Date(Date.UTC(2026, 0, 15)))), 2);
    expect(rejected).toEqual([]);
    expect(new Set(valid.map((e) => e.month))).toEqual(new Set(["2025-12", "2026-01"]));
    const tenants = new Set([...demoRequests()].flatMap((r) => r.resourceSpans[0]!.scopeSpans[0]!.spans.flatMap((s) => s.attributes.filter((a) => a.key === "tenant.id").map((a) => a.value.stringValue))));
    expect(new Set(valid.map((e) => e.tenant))).toEqual(tenants);
  });
});
