import { groupByTrace } from "@/lib/domain/span/span-key";
import { tierTokens } from "@/lib/domain/pricing/resolve";
import type { SpanRow } from "@/lib/domain/span/span-row";
import { addLatency, NO_LATENCY, type LatencySums } from "./latency-sums";
import { attributed, traceAttribution, traceIdentity, type Attribution } from "./trace-attribution";
import type { UsageCounting } from "./usage-counting";

// Rows for the `usage_hourly` rollup (migration 0004), built by the writer for each flush.
// A span without tenant or feature is counted under its trace's, the way the `traces` rollup
// picks them (./trace-attribution.ts: the root's value, else the earliest span's). When spans of this flush change
// a trace's attribution (a late root), the trace's stored spans that inherit are moved: minus
// under the key they were counted under, plus under the new one. An aggregate span (its usage
// repeats its descendants', ./usage-counting.ts) counts as a span with no usage, and a stored
// span that becomes one now has its usage taken off under the key it was counted with.

export type UsageSpan = Pick<
  SpanRow,
  | "project_id"
  | "trace_id"
  | "span_id"
  | "parent_span_id"
  | "start_time"
  | "status"
  | "tenant"
  | "feature"
  | "user_id"
  | "model"
  | "response_model"
  | "kind"
  | "gpu_type"
  | "input_tokens"
  | "cached_input_tokens"
  | "output_tokens"
  | "gpu_seconds"
  | "reported_cost_usd"
  | "time_to_first_token_ms"
  | "time_per_output_token_ms"
>;

export const USAGE_SPAN_COLUMNS = [
  "project_id",
  "trace_id",
  "span_id",
  "parent_span_id",
  "start_time",
  "status",
  "tenant",
  "feature",
  "user_id",
  "model",
  "response_model",
  "kind",
  "gpu_type",
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "gpu_seconds",
  "reported_cost_usd",
  "time_to_first_token_ms",
  "time_per_output_token_ms",
] as const satisfies ReadonlyArray<keyof UsageSpan>;

export type UsageRow = {
  project_id: string;
  hour: string;
  tenant: string;
  feature: string;
  /** The end user, the span's own or its trace's ('' for none). */
  user_id: string;
  model: string;
  kind: string;
  gpu_type: string;
  tier_tokens: number;
  cost_reported: 0 | 1;
  spans: number;
  error_spans: number;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  gpu_seconds: number;
  reported_cost_usd: number;
} & LatencySums;

/** What a span inherits from its trace for its usage row's key. */
type TraceKey = Attribution & { user_id: string };

const traceKeyOf = (spans: UsageSpan[]): TraceKey => ({
  ...traceAttribution(spans),
  user_id: traceIdentity(spans).user_id,
});

class UsageAccumulator {
  private readonly rows = new Map<string, UsageRow>();

  /** `counted` false: the span counts (spans, errors) but its usage does not (an aggregate). */
  add(span: UsageSpan, trace: TraceKey, sign: 1 | -1, counted = true): void {
    const key: Omit<
      UsageRow,
      | "spans"
      | "error_spans"
      | "input_tokens"
      | "cached_input_tokens"
      | "output_tokens"
      | "gpu_seconds"
      | "reported_cost_usd"
      | keyof LatencySums
    > = {
      project_id: span.project_id,
      hour: `${span.start_time.slice(0, 13)}:00:00`,
      ...attributed(span, trace),
      user_id: span.user_id || trace.user_id,
      model: span.response_model || span.model,
      kind: span.kind,
      gpu_type: span.gpu_type,
      tier_tokens: tierTokens(span.input_tokens),
      cost_reported: span.reported_cost_usd === null ? 0 : 1,
    };
    const id = Object.values(key).join("\u0000");
    const row = this.rows.get(id) ?? {
      ...key,
      spans: 0,
      error_spans: 0,
      input_tokens: 0,
      cached_input_tokens: 0,
      output_tokens: 0,
      gpu_seconds: 0,
      reported_cost_usd: 0,
      ...NO_LATENCY,
    };
    row.spans += sign;
    row.error_spans += span.status === "error" ? sign : 0;
    const usage = counted ? sign : 0;
    row.input_tokens += usage * span.input_tokens;
    row.cached_input_tokens += usage * Math.min(span.cached_input_tokens, span.input_tokens);
    row.output_tokens += usage * span.output_tokens;
    row.gpu_seconds += usage * span.gpu_seconds;
    row.reported_cost_usd += usage * (span.reported_cost_usd ?? 0);
    // An aggregate's timings repeat its children's (Vercel's outer streamText): counted with its usage.
    if (usage !== 0) addLatency(row, span, usage);
    this.rows.set(id, row);
  }

  /** Rows whose moves cancelled out are left out; a usage correction alone has spans = 0. */
  result(): UsageRow[] {
    return [...this.rows.values()].filter(
      (r) =>
        r.spans !== 0 ||
        r.input_tokens !== 0 ||
        r.output_tokens !== 0 ||
        r.cached_input_tokens !== 0 ||
        r.gpu_seconds !== 0 ||
        r.reported_cost_usd !== 0,
    );
  }
}

/**
 * Usage rows for spans being inserted now (`fresh`, already free of stored duplicates), given
 * the spans already stored for the same traces and which of them all are aggregates.
 */
export function usageRows(fresh: UsageSpan[], stored: UsageSpan[], counting: UsageCounting): UsageRow[] {
  const storedByTrace = groupByTrace(stored);
  const acc = new UsageAccumulator();
  for (const [key, spans] of groupByTrace(fresh)) {
    const before = storedByTrace.get(key) ?? [];
    const was = traceKeyOf(before);
    const now = before.length ? traceKeyOf([...before, ...spans]) : traceKeyOf(spans);
    for (const s of spans) acc.add(s, now, 1, counting.countedNow(s));
    const moved = was.tenant !== now.tenant || was.feature !== now.feature || was.user_id !== now.user_id;
    for (const s of before) {
      const wasCounted = counting.countedBefore(s);
      const nowCounted = counting.countedNow(s);
      if (wasCounted === nowCounted && (!moved || (s.tenant !== "" && s.feature !== "" && !!s.user_id))) continue;
      acc.add(s, was, -1, wasCounted);
      acc.add(s, now, 1, nowCounted);
    }
  }
  return acc.result();
}
