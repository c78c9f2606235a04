import { spanKey } from "@/lib/scores/attribute-scores";
import { aggregateSpanIds } from "@/lib/usage/usage-aggregates";
import { groupByTrace, type UsageSpan } from "./usage-rows";

// Which spans of a flush's traces are aggregates (lib/usage/usage-aggregates.ts), before the
// flush and with it. Flushes are serialized and see every span stored before them, and a span
// only ever gains descendants, so "aggregate among the stored spans" is exactly how the rollups
// already count a stored span: the writer corrects the ones that become aggregates now.

type SpanIds = { project_id: string; trace_id: string; span_id: string };

export class UsageCounting {
  constructor(
    /** spanKeys of the stored spans that were aggregates before this flush. */
    readonly before: ReadonlySet<string>,
    /** spanKeys of the aggregates among stored and fresh spans together. */
    readonly now: ReadonlySet<string>,
  ) {}

  countedBefore(span: SpanIds): boolean {
    return this.before.size === 0 || !this.before.has(spanKey(span));
  }

  countedNow(span: SpanIds): boolean {
    return this.now.size === 0 || !this.now.has(spanKey(span));
  }
}

export const NOTHING_AGGREGATED = new UsageCounting(new Set(), new Set());

export function usageCounting(fresh: UsageSpan[], stored: UsageSpan[]): UsageCounting {
  const storedByTrace = groupByTrace(stored);
  const before = new Set<string>();
  const now = new Set<string>();
  for (const [trace, spans] of groupByTrace(fresh)) {
    const old = storedByTrace.get(trace) ?? [];
    for (const id of aggregateSpanIds(old)) before.add(`${trace}\u0000${id}`);
    for (const id of aggregateSpanIds(old.length ? [...old, ...spans] : spans)) now.add(`${trace}\u0000${id}`);
  }
  return new UsageCounting(before, now);
}

/** Stored spans counted so far that are aggregates from this flush on: their usage comes off. */
export function newlyAggregated<T extends UsageSpan>(stored: T[], counting: UsageCounting): T[] {
  if (counting.now.size === counting.before.size) return [];
  return stored.filter((s) => !counting.countedNow(s) && counting.countedBefore(s));
}
