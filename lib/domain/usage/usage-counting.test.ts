import { describe, expect, it } from "vitest";
import { newlyAggregated, usageCounting } from "./usage-counting";
import { usageRows, type UsageRow, type UsageSpan } from "./usage-rows";

const span = (
  span_id: string,
  parent_span_id: string,
  input_tokens: number,
  over: Partial<UsageSpan> = {},
): UsageSpan => ({
  project_id: "p",
  trace_id: "t1",
  span_id,
  parent_span_id,
  start_time: "2026-10-05 12:34:56.000000",
  status: "ok",
  tenant: "acme",
  feature: "chat",
  model: "gpt-4o",
  response_model: "",
  kind: "llm",
  gpu_type: "",
  input_tokens,
  cached_input_tokens: 0,
  output_tokens: input_tokens / 10,
  gpu_seconds: 0,
  reported_cost_usd: null,
  time_to_first_token_ms: null,
  time_per_output_token_ms: null,
  ...over,
});

/** Writes the spans in the given requests, as the writer does, and sums what the rollup holds. */
function counted(requests: UsageSpan[][]) {
  const stored: UsageSpan[] = [];
  const rows: UsageRow[] = [];
  const corrected: string[] = [];
  for (const fresh of requests) {
    const counting = usageCounting(fresh, stored);
    rows.push(...usageRows(fresh, stored, counting));
    corrected.push(...newlyAggregated(stored, counting).map((s) => s.span_id));
    stored.push(...fresh);
  }
  const sum = (pick: (r: UsageRow) => number) => rows.reduce((t, r) => t + pick(r), 0);
  return {
    spans: sum((r) => r.spans),
    input: sum((r) => r.input_tokens),
    output: sum((r) => r.output_tokens),
    corrected,
  };
}

const agent = span("agent", "", 300, { kind: "agent" });
const chain = span("chain", "agent", 300, { kind: "chain" });
const llm1 = span("llm1", "chain", 100);
const llm2 = span("llm2", "chain", 200);

describe("usage counted once across requests", () => {
  const orders: Record<string, UsageSpan[][]> = {
    "all in one request": [[agent, chain, llm1, llm2]],
    "children after the parent": [[agent], [chain], [llm1, llm2]],
    "parent after its children": [[llm1, llm2], [chain], [agent]],
    "the middle span last": [[agent, llm1], [llm2], [chain]],
    "one span a request, leaves first": [[llm2], [llm1], [agent], [chain]],
  };
  for (const [name, requests] of Object.entries(orders)) {
    it(`${name}: only the LLM calls count, every span is a span`, () => {
      expect(counted(requests)).toMatchObject({ spans: 4, input: 300, output: 30 });
    });
  }

  it("corrects a stored span once, when it becomes an aggregate", () => {
    expect(counted([[agent, llm1], [chain], [llm2]]).corrected).toEqual(["agent"]);
    expect(counted([[agent], [chain], [llm1, llm2]]).corrected).toEqual(["agent", "chain"]);
    expect(counted([[agent, chain, llm1, llm2]]).corrected).toEqual([]);
  });

  it("a correction takes usage off under the key the span was counted with, keeping it a span", () => {
    const call = span("call", "agent", 300);
    const rows = usageRows([call], [agent], usageCounting([call], [agent]));
    expect(rows.find((r) => r.kind === "agent")).toMatchObject({ spans: 0, input_tokens: -300, output_tokens: -30 });
  });

  it("a late root that moves attribution moves an aggregate without its usage", () => {
    const child = span("agent", "root", 300, { tenant: "", kind: "agent" });
    const call = span("llm1", "agent", 300, { tenant: "" });
    const root = span("root", "", 0, { tenant: "acme", kind: "chain" });
    const rows = usageRows([root], [child, call], usageCounting([root], [child, call]));
    const agentRows = rows
      .filter((r) => r.kind === "agent")
      .map((r) => [r.tenant, r.spans, r.input_tokens])
      .sort();
    expect(agentRows).toEqual([
      ["", -1, 0],
      ["acme", 1, 0],
    ]);
  });
});
