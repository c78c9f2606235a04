import { describe, expect, it } from "vitest";
import { parseRevenueCsv, validateEntries } from "@/lib/finance/revenue";
import { validateScoreItems } from "@/lib/scores/write-scores";
import { demoFeedback, demoRequests, demoRevenueCsv } from "./generate-demo";

describe("demo data", () => {
  it("has revenue for every demo tenant in this and last month, valid for the revenue API", () => {
    const { valid, rejected } = validateEntries(parseRevenueCsv(demoRevenueCsv(new Date(Date.UTC(2026, 0, 15)))), 2);
    expect(rejected).toEqual([]);
    expect(new Set(valid.map((e) => e.month))).toEqual(new Set(["2025-12", "2026-01"]));
    const tenants = new Set(
      [...demoRequests()].flatMap((r) =>
        r.resourceSpans[0]!.scopeSpans[0]!.spans.flatMap((s) =>
          s.attributes.filter((a) => a.key === "tenant.id").map((a) => a.value.stringValue),
        ),
      ),
    );
    expect(new Set(valid.map((e) => e.tenant))).toEqual(tenants);
  });

  it("carries relevance evaluations and end-user feedback that the scores API accepts", () => {
    const bodies = [...demoRequests({ days: 14, tracesPerDay: 40 })];
    const events = bodies.flatMap((b) =>
      b.resourceSpans[0]!.scopeSpans[0]!.spans.flatMap((s) =>
        s.events.filter((e) => e.name === "gen_ai.evaluation.result"),
      ),
    );
    expect(events.length).toBeGreaterThan(100);
    const feedback = bodies.flatMap(demoFeedback);
    expect(feedback.length).toBeGreaterThan(10);
    expect(validateScoreItems(feedback).rejected).toEqual([]);
    expect(new Set(feedback.map((f) => f.label))).toEqual(new Set(["up", "down"]));
  });
});
