import type { ScoreRow } from "@/lib/domain/scores/score-row";
import type { UsageRow } from "@/lib/domain/usage/usage-rows";

// A flush's usage and score rows are inserted after its spans: a value those tables cannot hold
// would leave the spans stored without their usage (cost short for good). Normalization bounds
// every value they derive from; this checks the derived rows again before the spans go in, so
// that a gap there refuses the request instead of storing half of it.

// ClickHouse text times compare as strings while the year has four digits (a year past 9999
// prints as "+010000-…", which sorts below every bound).
const DATETIME = { min: "1970-01-01 00:00:00", max: "2106-02-07 06:28:15" };
const DATETIME64 = { min: "1900-01-01 00:00:00", max: "2299-12-31 23:59:59.999999" };
const within = (time: string, range: { min: string; max: string }) => time >= range.min && time <= range.max;

const INTEGER_SUMS = [
  "spans",
  "error_spans",
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "tier_tokens",
  "ttft_count",
  "tpot_count",
] as const;
const FLOAT_SUMS = ["gpu_seconds", "reported_cost_usd", "ttft_ms_sum", "tpot_ms_sum"] as const;

/** Why a usage or score row of this flush cannot be stored, or null. */
export function derivedRowProblem(usage: UsageRow[], scores: ScoreRow[]): string | null {
  for (const row of usage) {
    if (!within(row.hour, DATETIME)) return `usage hour ${row.hour} is outside the DateTime range`;
    const integer = INTEGER_SUMS.find((k) => !Number.isSafeInteger(row[k]));
    if (integer) return `usage ${integer} ${row[integer]} is not an exact integer`;
    const float = FLOAT_SUMS.find((k) => !Number.isFinite(row[k]));
    if (float) return `usage ${float} is not finite`;
  }
  for (const row of scores) {
    if (!within(row.trace_time, DATETIME64) || !within(row.score_time, DATETIME64))
      return `score "${row.name}" has a time outside the DateTime64 range`;
    if (row.value !== null && !Number.isFinite(row.value)) return `score "${row.name}" value is not finite`;
  }
  return null;
}
