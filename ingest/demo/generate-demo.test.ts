import { describe, expect, it } from "vitest";
import { parseRevenueCsv, validateEntries } from "@/lib/finance/revenue";
import { validateScoreItems } from "@/lib/scores/write-scores";
import { DEMO_FAILED_SESSION } from "./demo-sessions";
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

describe("demo conversations", () => {
  it("has multi-turn sessions with end users, one failing at the tool step of its third turn", () => {
    const spans = [...demoRequests({ days: 3, tracesPerDay: 5 })].flatMap(
      (r) => r.resourceSpans[0]!.scopeSpans[0]!.spans,
    );
    const attr = (s: (typeof spans)[number], key: string): string | undefined =>
      (s.attributes.find((a) => a.key === key)?.value as { stringValue?: string } | undefined)?.stringValue;
    const roots = spans.filter((s) => attr(s, "session.id"));
    const sessions = new Map<string, typeof roots>();
    for (const r of roots) sessions.set(attr(r, "session.id")!, [...(sessions.get(attr(r, "session.id")!) ?? []), r]);
    expect(sessions.size).toBeGreaterThan(10);
    expect([...sessions.values()].every((turns) => turns.length >= 2 && turns.every((t) => attr(t, "user.id")))).toBe(
      true,
    );
    const failed = sessions.get(DEMO_FAILED_SESSION)!;
    expect(failed.map((t) => t.status.code)).toEqual([1, 1, 2]);
    const failing = spans.filter((s) => s.traceId === failed[2]!.traceId && s.status.code === 2).map((s) => s.name);
    expect(failing).toEqual(["order-agent turn", "execute_tool lookup_order"]);
    const otherFailures = roots.filter((r) => attr(r, "session.id") !== DEMO_FAILED_SESSION && r.status.code === 2);
    expect(otherFailures).toEqual([]);
  });
});
