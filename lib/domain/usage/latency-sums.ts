// TTFT and TPOT in the usage rollups (migration 0008): a sum and a count per key, so an average
// over any range or grouping is sum / count. Spans without the timing add nothing.

export type LatencySums = { ttft_ms_sum: number; ttft_count: number; tpot_ms_sum: number; tpot_count: number };
export const NO_LATENCY: LatencySums = { ttft_ms_sum: 0, ttft_count: 0, tpot_ms_sum: 0, tpot_count: 0 };

type Timed = { time_to_first_token_ms: number | null; time_per_output_token_ms: number | null };

export function addLatency(row: LatencySums, span: Timed, sign: 1 | -1): void {
  if (span.time_to_first_token_ms !== null && Number.isFinite(span.time_to_first_token_ms)) {
    row.ttft_ms_sum += sign * span.time_to_first_token_ms;
    row.ttft_count += sign;
  }
  if (span.time_per_output_token_ms !== null && Number.isFinite(span.time_per_output_token_ms)) {
    row.tpot_ms_sum += sign * span.time_per_output_token_ms;
    row.tpot_count += sign;
  }
}
