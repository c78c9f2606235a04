import { aggregateSpans } from "./usage-aggregates";
import { type UsageSpan } from "./usage-rows";
import { groupByTrace } from "@/lib/domain/span/span-key";

// Which spans of a flush's traces are aggregates (lib/usage/usage-aggregates.ts), before the
// flush and with it. Flushes are serialized and see every span stored before them, and a span
// only ever gains descendants, so "aggregate among the stored spans" is exactly how the rollups
// already count a stored span: the writer corrects the ones that become aggregates now.

export class UsageCounting {
  constructor(
    /** The stored spans (these objects) that were aggregates before this flush. */
    readonly before: ReadonlySet<UsageSpan>,
    /** The aggregates among stored and fresh spans together. */
    readonly now: ReadonlySet<UsageSpan>,
  ) {}

  countedBefore(span: UsageSpan): boolean {
    return !this.before.has(span);
  }

  countedNow(span: UsageSpan): boolean {
    return !this.now.has(span);
  }
}

export const NOTHING_AGGREGATED = new UsageCounting(new Set(), new Set());

export function usageCounting(fresh: UsageSpan[], stored: UsageSpan[]): UsageCounting {
  const storedByTrace = groupByTrace(stored);
  const before = new Set<UsageSpan>();
  const now = new Set<UsageSpan>();
  for (const [trace, spans] of groupByTrace(fresh)) {
    const old = storedByTrace.get(trace) ?? [];
    for (const s of aggregateSpans(old)) before.add(s);
    for (const s of aggregateSpans(old.length ? [...old, ...spans] : spans)) now.add(s);
  }
  return new UsageCounting(before, now);
}

/** Stored spans counted so far that are aggregates from this flush on: their usage comes off. */
export function newlyAggregated<T extends UsageSpan>(stored: T[], counting: UsageCounting): T[] {
  if (counting.now.size === counting.before.size) return [];
  return stored.filter((s) => !counting.countedNow(s) && counting.countedBefore(s));
}
