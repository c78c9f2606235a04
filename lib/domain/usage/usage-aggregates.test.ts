import { describe, expect, it } from "vitest";
import { aggregateSpans, carriesUsage, type UsageLink } from "./usage-aggregates";

const span = (
  span_id: string,
  parent_span_id: string,
  tokens = 0,
  reported_cost_usd: number | null = null,
): UsageLink => ({
  span_id,
  parent_span_id,
  input_tokens: tokens,
  output_tokens: 0,
  reported_cost_usd,
});
const ids = (spans: UsageLink[]) => [...aggregateSpans(spans)].map((s) => s.span_id).sort();

describe("usage aggregates", () => {
  it("tokens or a positive reported cost carry usage; GPU time and a reported 0 alone do not", () => {
    expect(carriesUsage(span("a", "", 5))).toBe(true);
    expect(carriesUsage({ ...span("a", ""), output_tokens: "3" })).toBe(true);
    expect(carriesUsage(span("a", "", 0, 0.01))).toBe(true);
    expect(carriesUsage(span("a", "", 0, 0))).toBe(false);
    expect(carriesUsage(span("a", ""))).toBe(false);
  });

  it("a parent repeating its child's usage is an aggregate (Vercel generateText over doGenerate)", () => {
    expect(ids([span("outer", "", 42), span("do", "outer", 42)])).toEqual(["outer"]);
  });

  it("an agent over two chat calls; the tool span between them changes nothing", () => {
    expect(
      ids([span("agent", "", 300), span("chat1", "agent", 100), span("tool", "agent"), span("chat2", "agent", 200)]),
    ).toEqual(["agent"]);
  });

  it("every level above the last call is an aggregate, also through a span with no usage", () => {
    const spans = [span("agent", "", 90), span("chain", "agent", 90), span("llm", "chain", 90)];
    expect(ids(spans)).toEqual(["agent", "chain"]);
    expect(ids([span("agent", "", 90), span("step", "agent"), span("llm", "step", 90)])).toEqual(["agent"]);
  });

  it("a missing middle span breaks the chain until it arrives", () => {
    expect(ids([span("agent", "", 90), span("llm", "chain", 90)])).toEqual([]);
    expect(ids([span("agent", "", 90), span("llm", "chain", 90), span("chain", "agent")])).toEqual(["agent"]);
  });

  it("siblings and a usage-free root are not aggregates", () => {
    expect(ids([span("root", ""), span("a", "root", 10), span("b", "root", 20)])).toEqual([]);
  });

  it("spans are only compared with the spans given, in any order", () => {
    const spans = [span("llm", "chain", 5), span("chain", "agent", 5), span("agent", "", 5)];
    expect(ids(spans)).toEqual(["agent", "chain"]);
    expect(ids([...spans].reverse())).toEqual(["agent", "chain"]);
  });

  it("malformed parent links (a span its own parent, a cycle) end the walk", () => {
    expect(ids([span("a", "a", 5), span("b", "a", 5)])).toEqual(["a"]);
    expect(ids([span("a", "b", 5), span("b", "a", 5)]).length).toBeLessThanOrEqual(2);
  });
});
