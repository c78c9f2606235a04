import { describe, expect, it } from "vitest";
import { usageCounting } from "./usage-counting";
import { usageRows as rowsWith, type UsageSpan } from "./usage-rows";
import { traceAttribution } from "./trace-attribution";

const usageRows = (fresh: UsageSpan[], stored: UsageSpan[]) => rowsWith(fresh, stored, usageCounting(fresh, stored));

const span = (over: Partial<UsageSpan>): UsageSpan => ({
  project_id: "p",
  trace_id: "t1",
  span_id: "s",
  parent_span_id: "root",
  start_time: "2026-10-05 12:34:56.000000",
  status: "ok",
  tenant: "",
  feature: "",
  model: "gpt-4o",
  response_model: "",
  kind: "llm",
  gpu_type: "",
  input_tokens: 100,
  cached_input_tokens: 0,
  output_tokens: 10,
  gpu_seconds: 0,
  reported_cost_usd: null,
  time_to_first_token_ms: null,
  time_per_output_token_ms: null,
  ...over,
});

describe("usage rollup rows", () => {
  it("buckets by hour and attributes children to their trace, root first", () => {
    const rows = usageRows(
      [
        span({ span_id: "a" }),
        span({ span_id: "b", tenant: "other" }),
        span({
          span_id: "root",
          parent_span_id: "",
          tenant: "acme",
          feature: "search",
          input_tokens: 0,
          output_tokens: 0,
          kind: "chain",
          model: "",
        }),
      ],
      [],
    );
    const llm = rows.filter((r) => r.kind === "llm").map((r) => [r.hour, r.tenant, r.feature, r.spans, r.input_tokens]);
    expect(llm).toEqual([
      ["2026-10-05 12:00:00", "acme", "search", 1, 100],
      ["2026-10-05 12:00:00", "other", "search", 1, 100],
    ]);
  });

  it("moves stored children when a late root brings the trace's tenant, and only those that inherit", () => {
    const stored = [span({ span_id: "a" }), span({ span_id: "b", tenant: "own", feature: "f" })];
    const rows = usageRows(
      [
        span({
          span_id: "root",
          parent_span_id: "",
          tenant: "acme",
          feature: "search",
          input_tokens: 0,
          output_tokens: 0,
          kind: "chain",
          model: "",
        }),
      ],
      stored,
    );
    const llm = rows
      .filter((r) => r.kind === "llm")
      .map((r) => [r.tenant, r.feature, r.spans, r.input_tokens])
      .sort();
    // Before the root, "a" was counted under the only attribution the trace had: b's.
    expect(llm).toEqual([
      ["acme", "search", 1, 100],
      ["own", "f", -1, -100],
    ]);
  });

  it("writes nothing for stored spans when the attribution does not change", () => {
    const stored = [span({ span_id: "root", parent_span_id: "", tenant: "acme" }), span({ span_id: "a" })];
    const rows = usageRows([span({ span_id: "c" })], stored);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tenant: "acme", spans: 1, input_tokens: 100 });
  });

  it("keeps long-context calls' exact input size, caps cached at input, and separates reported cost", () => {
    const rows = usageRows(
      [
        span({ span_id: "x", input_tokens: 250_000, cached_input_tokens: 300_000 }),
        span({ span_id: "y", reported_cost_usd: 0.5 }),
      ],
      [],
    );
    expect(rows.find((r) => r.tier_tokens === 250_000)).toMatchObject({
      cached_input_tokens: 250_000,
      cost_reported: 0,
    });
    expect(rows.find((r) => r.cost_reported === 1)).toMatchObject({ reported_cost_usd: 0.5, tier_tokens: 0 });
  });

  it("resolves a trace's tenant like the traces rollup: the root's, else the earliest span's, else the smallest span id's", () => {
    expect(traceAttribution([span({ tenant: "child" }), span({ parent_span_id: "", tenant: "root" })]).tenant).toBe(
      "root",
    );
    expect(traceAttribution([span({ tenant: "child" }), span({ parent_span_id: "" })]).tenant).toBe("child");
    const later = span({ span_id: "a", tenant: "later", start_time: "2026-10-05 12:34:56.000001" });
    const earlier = span({ span_id: "b", tenant: "earlier", start_time: "2026-10-05 12:34:56.000000" });
    expect(traceAttribution([later, earlier]).tenant).toBe("earlier");
    expect(traceAttribution([earlier, later]).tenant).toBe("earlier");
    // A shorter fraction is the same instant: the span id decides.
    const sameInstant = span({ span_id: "c", tenant: "same", start_time: "2026-10-05 12:34:56.000" });
    expect(traceAttribution([sameInstant, earlier]).tenant).toBe("earlier");
    expect(traceAttribution([earlier, sameInstant]).tenant).toBe("earlier");
  });
});
