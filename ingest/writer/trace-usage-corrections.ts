import { TIER_FLOOR_TOKENS } from "@/lib/domain/pricing/resolve";
import type { UsageSpan } from "@/lib/domain/usage/usage-rows";

/** A row of the `trace_usage` rollup (migration 0013): counted usage per trace and price key. */
export type TraceUsageRow = {
  project_id: string;
  trace_id: string;
  hour: string;
  model: string;
  gpu_type: string;
  tier_tokens: number;
  cost_reported: 0 | 1;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  gpu_seconds: number;
  reported_cost_usd: number;
};

/**
 * Stored spans that have just become aggregates were counted in `trace_usage` by its view when
 * they were inserted: one negated row each, under the key the view gave them.
 */
export function traceUsageCorrections(spans: UsageSpan[]): TraceUsageRow[] {
  return spans
    .filter((s) => s.input_tokens + s.output_tokens > 0 || s.gpu_seconds > 0 || s.reported_cost_usd !== null)
    .map((s) => ({
      project_id: s.project_id,
      trace_id: s.trace_id,
      hour: `${s.start_time.slice(0, 13)}:00:00`,
      model: s.response_model || s.model,
      gpu_type: s.gpu_type,
      tier_tokens: s.input_tokens >= TIER_FLOOR_TOKENS ? s.input_tokens : 0,
      cost_reported: s.reported_cost_usd === null ? 0 : 1,
      input_tokens: -s.input_tokens,
      cached_input_tokens: -Math.min(s.cached_input_tokens, s.input_tokens),
      output_tokens: -s.output_tokens,
      gpu_seconds: -s.gpu_seconds,
      reported_cost_usd: -(s.reported_cost_usd ?? 0),
    }));
}
