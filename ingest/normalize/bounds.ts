import { env } from "@/lib/config/env";
import type { Extracted } from "./attributes";

// Every typed value a span, log record or metric point brings is bounded here, at
// normalization, so that nothing reaches an insert that can fail on it: one insert carries the
// requests of every project, and a value the engine refuses would fail them all.
//
// Refused (counted in partial_success with the field named): times outside the ingest window,
// and the values cost is made of (tokens, GPU count, reported cost), since a clamped count
// would be priced as if it were true. Set to null instead (the attribute keeps what was sent,
// and `observatory.clamped` names the columns): timings and GPU utilization, which only
// describe the span.

/** A sane ceiling per span: 10^9 tokens is ~1,000 times the longest context window on sale. Sums of 9.2 × 10^9 such spans would be needed to overflow an Int64 rollup. */
export const MAX_TOKENS_PER_SPAN = 1_000_000_000;
/** The `spans.gpu_count` column is a UInt16. */
export const MAX_GPU_COUNT = 65_535;
/** A reported cost above this for one span is a unit mistake (micro-dollars, tokens), not a price. */
export const MAX_REPORTED_COST_USD = 1_000_000;
/** TTFT and TPOT longer than a day are not timings of a model call. */
export const MAX_TIMING_MS = 86_400_000;

const NANOS_PER_MS = 1_000_000n;
/** `usage_hourly.hour` is a DateTime (seconds in a UInt32, up to 2106-02-07); DateTime64 ends in 2299. */
export const LAST_STORABLE_NANOS = BigInt(Date.UTC(2106, 0, 1)) * NANOS_PER_MS;

/** The accepted range of times, in nanoseconds since the epoch, both ends included. */
export type TimeWindow = { fromNanos: bigint; toNanos: bigint; label: string };

/** INGEST_MAX_PAST_DAYS before now to INGEST_MAX_FUTURE_MINUTES after, never past what the columns hold. */
export function ingestWindow(
  nowMs = Date.now(),
  limits = env().ingestWindow,
  maxPastDays = limits.maxPastDays,
): TimeWindow {
  const now = BigInt(Math.floor(nowMs)) * NANOS_PER_MS;
  const from = now - BigInt(maxPastDays) * 86_400_000n * NANOS_PER_MS;
  const to = now + BigInt(limits.maxFutureMinutes) * 60_000n * NANOS_PER_MS;
  return {
    fromNanos: from > 0n ? from : 1n,
    toNanos: to < LAST_STORABLE_NANOS ? to : LAST_STORABLE_NANOS,
    label: `${maxPastDays} days before now to ${limits.maxFutureMinutes} minutes after`,
  };
}

function isoOf(nanos: bigint): string {
  const ms = Number(nanos / NANOS_PER_MS);
  return Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : `${nanos} ns`;
}

export const inWindow = (nanos: bigint, window: TimeWindow) => nanos >= window.fromNanos && nanos <= window.toNanos;

/** Why a time cannot be stored (`field` as OTLP names it), or null. */
export function timeProblem(field: string, nanos: bigint, window: TimeWindow): string | null {
  if (inWindow(nanos, window)) return null;
  return `${field} ${isoOf(nanos)} is outside the accepted window (${window.label})`;
}

/** Why the usage a span reports cannot be accepted, or null. `gpuCount` as it will be stored. */
export function usageProblem(x: Extracted, gpuCount: number): string | null {
  const tokens = [
    ["input_tokens", x.inputTokens],
    ["output_tokens", x.outputTokens],
    ["cached_input_tokens", x.cachedInputTokens],
    ["reasoning_tokens", x.reasoningTokens],
  ] as const;
  for (const [field, value] of tokens) {
    if (value !== undefined && value > MAX_TOKENS_PER_SPAN)
      return `${field} ${value} is above ${MAX_TOKENS_PER_SPAN} per span`;
  }
  if (gpuCount > MAX_GPU_COUNT) return `gpu.count ${gpuCount} is above ${MAX_GPU_COUNT}`;
  if (x.reportedCostUsd !== undefined && x.reportedCostUsd > MAX_REPORTED_COST_USD)
    return `reported cost ${x.reportedCostUsd} USD is above ${MAX_REPORTED_COST_USD} per span`;
  return null;
}

/** A timing in milliseconds within 0..MAX_TIMING_MS, else null (noted in `clamped`). */
export function boundedTiming(column: string, ms: number | undefined, clamped: string[]): number | null {
  if (ms === undefined) return null;
  if (Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIMING_MS) return ms;
  clamped.push(column);
  return null;
}

/** GPU utilization as a ratio or a percentage (0..100), else null; a Float32 column would turn huge values into Infinity. */
export function boundedUtilization(value: number | undefined, clamped: string[]): number | null {
  if (value === undefined) return null;
  if (Number.isFinite(value) && value >= 0 && value <= 100) return value;
  clamped.push("gpu_utilization");
  return null;
}

/** The attribute that names the columns set to null because their value was out of bounds. */
export const CLAMPED_ATTRIBUTE = "observatory.clamped";
