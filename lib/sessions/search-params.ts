import { TIME_RANGES, type TimeRange } from "@/lib/traces/search-params";
import { ServiceError } from "@/lib/api/errors";
import { listSessionsQuery, type ListSessionsQuery } from "./list-sessions";
import { checkSessionFilters } from "./session-filters";

// The sessions list's URL state, as the trace list keeps its own: every filter in the query
// string, a malformed value dropped and named.

const FILTER_KEYS = [
  "status",
  "tenant",
  "userId",
  "feature",
  "model",
  "minTurns",
  "maxTurns",
  "minDurationMs",
  "maxDurationMs",
  "minTokens",
  "maxTokens",
  "minCostUsd",
  "maxCostUsd",
  "scoreName",
  "minScore",
  "maxScore",
  "cursor",
  "from",
  "to",
] as const;

export type SessionListState = {
  query: ListSessionsQuery;
  current: Record<string, string>;
  range: TimeRange | null;
  ignored: string[];
};

export function parseSessionListParams(
  params: Record<string, string | string[] | undefined>,
  now = Date.now(),
): SessionListState {
  const ignored: string[] = [];
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params[key];
    const text = Array.isArray(value) ? value[0] : value;
    if (text === undefined || text === "") continue;
    const single = listSessionsQuery.pick({ [key]: true } as Record<(typeof FILTER_KEYS)[number], true>).safeParse({
      [key]: text,
    });
    if (single.success) raw[key] = text;
    else ignored.push(key);
  }
  const rangeText = Array.isArray(params.range) ? params.range[0] : params.range;
  let range: TimeRange | null = null;
  if (rangeText && rangeText in TIME_RANGES) range = rangeText as TimeRange;
  else if (rangeText) ignored.push("range");
  const current: Record<string, string> = { ...raw, ...(range ? { range } : {}) };
  delete current.cursor;
  if (range && !raw.from) raw.from = new Date(now - TIME_RANGES[range]).toISOString();
  // A min above its max (or a score bound without its name) is dropped as a malformed value is.
  for (;;) {
    const query = listSessionsQuery.parse({ ...raw, limit: 50 });
    try {
      checkSessionFilters(query);
      return { query, current, range, ignored };
    } catch (error) {
      if (!(error instanceof ServiceError) || !error.field || !(error.field in raw)) throw error;
      delete raw[error.field];
      delete current[error.field];
      ignored.push(error.field);
    }
  }
}

/** The same filters as a query string, with overrides (null removes a key). */
export function sessionListHref(current: Record<string, string>, overrides: Record<string, string | null>): string {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...overrides }))
    if (value !== null && value !== "") next.set(key, value);
  const text = next.toString();
  return text ? `/sessions?${text}` : "/sessions";
}
