import { NOTHING_AGGREGATED, usageCounting } from "@/lib/domain/usage/usage-counting";
import { usageRows, type UsageSpan } from "@/lib/domain/usage/usage-rows";

// What deciding aggregates costs the writer per flush, in JavaScript: usageCounting (the rule
// over each trace's fresh and stored spans) against the usage rows the writer built before it.

const row = (
  trace: string,
  span: string,
  parent: string,
  tokens: number,
  kind: UsageSpan["kind"] = "llm",
): UsageSpan => ({
  project_id: "bench",
  trace_id: trace,
  span_id: span,
  parent_span_id: parent,
  start_time: "2026-10-05 12:34:56.000000",
  status: "ok",
  tenant: "t",
  feature: "f",
  model: "gpt-4o",
  response_model: "",
  kind,
  gpu_type: "",
  input_tokens: tokens,
  cached_input_tokens: 0,
  output_tokens: tokens / 10,
  gpu_seconds: 0,
  reported_cost_usd: null,
  time_to_first_token_ms: null,
  time_per_output_token_ms: null,
});
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** 2,000-span flushes: the ingest bench's shape (450-span traces of sibling calls), and agent traces (agent over 4 chat calls). */
function flushes() {
  const siblings = Array.from({ length: 2_000 }, (_, i) => row(hex(Math.floor(i / 450), 32), hex(i, 16), "", 900 + i));
  const agents = Array.from({ length: 2_000 }, (_, i) => {
    const trace = hex(Math.floor(i / 5), 32);
    return i % 5 === 0
      ? row(trace, hex(i, 16), "", 4_000, "agent")
      : row(trace, hex(i, 16), hex(i - (i % 5), 16), 1_000);
  });
  // The same agent traces split in two requests: the calls stored, the agents arriving now.
  const stored = agents.filter((s) => s.kind !== "agent");
  const late = agents.filter((s) => s.kind === "agent");
  return {
    siblings: { fresh: siblings, stored: [] },
    agents: { fresh: agents, stored: [] },
    "agents after their calls": { fresh: late, stored },
  };
}

function microsPerSpan(run: () => void, spans: number): number {
  for (let i = 0; i < 20; i++) run();
  let rounds = 0;
  const started = performance.now();
  while (performance.now() - started < 1_000) {
    run();
    rounds++;
  }
  return ((performance.now() - started) * 1000) / (rounds * spans);
}

export function benchUsageCounting() {
  return Object.entries(flushes()).map(([shape, { fresh, stored }]) => {
    const counting = usageCounting(fresh, stored);
    const spans = fresh.length;
    return {
      shape,
      aggregates: counting.now.size,
      countingUs: microsPerSpan(() => usageCounting(fresh, stored), spans),
      usageRowsUs: microsPerSpan(() => usageRows(fresh, stored, counting), spans),
      // The rows as the writer built them before the rule: nothing is an aggregate.
      usageRowsWithoutRuleUs: microsPerSpan(() => usageRows(fresh, stored, NOTHING_AGGREGATED), spans),
    };
  });
}
