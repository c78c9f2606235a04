import { listTracesQuery, type ListTracesQuery } from "./list-traces";

// The trace list's URL state: every filter lives in the query string so that a link can be
// shared. A malformed value is dropped and named, never an error page.

export const TIME_RANGES = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export type TimeRange = keyof typeof TIME_RANGES;

const FILTER_KEYS = [
  "status",
  "tenant",
  "feature",
  "model",
  "kind",
  "minDurationMs",
  "minCostUsd",
  "q",
  "cursor",
  "from",
  "to",
] as const;

export type TraceListState = { query: ListTracesQuery; range: TimeRange | null; ignored: string[] };

export function parseTraceListParams(
  params: Record<string, string | string[] | undefined>,
  now = Date.now(),
): TraceListState {
  const ignored: string[] = [];
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params[key];
    const text = Array.isArray(value) ? value[0] : value;
    if (text === undefined || text === "") continue;
    const single = listTracesQuery
      .pick({ [key]: true } as Record<(typeof FILTER_KEYS)[number], true>)
      .safeParse({ [key]: text });
    if (single.success) raw[key] = text;
    else ignored.push(key);
  }
  const rangeText = Array.isArray(params.range) ? params.range[0] : params.range;
  let range: TimeRange | null = null;
  if (rangeText && rangeText in TIME_RANGES) range = rangeText as TimeRange;
  else if (rangeText) ignored.push("range");
  if (range && !raw.from) raw.from = new Date(now - TIME_RANGES[range]).toISOString();
  const query = listTracesQuery.parse({ ...raw, limit: 50 });
  return { query, range, ignored };
}

/** The same filters as a query string, with overrides (null removes a key). */
export function traceListHref(
  current: Record<string, string | undefined>,
  overrides: Record<string, string | null>,
): string {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...overrides })) {
    if (value !== null && value !== undefined && value !== "") next.set(key, value);
  }
  const text = next.toString();
  return text ? `/traces?${text}` : "/traces";
}
