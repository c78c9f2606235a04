import { StoreError } from "@/lib/clickhouse/query";
import { USAGE_COUNTED_COLUMN, type EncodedSpans } from "@/lib/clickhouse/span-record";
import { attributeScores, type ScoredSpan } from "@/lib/domain/scores/attribute-scores";
import type { ScoreDraft } from "@/lib/domain/scores/score-row";
import { spanKey } from "@/lib/domain/span/span-key";
import { newlyAggregated, usageCounting } from "@/lib/domain/usage/usage-counting";
import { usageRows } from "@/lib/domain/usage/usage-rows";
import type { LogRow } from "../logs/normalize-log";
import type { MetricPointRow } from "../metrics/metric-rows";
import { derivedRowProblem } from "../writer/derived-row-checks";
import type { LogEntry, SpanHead } from "./entry";

export type DerivedBatch = {
  /** The spans to insert, as RowBinary with `usage_counted` appended: one part per column list. */
  spans: Array<Pick<EncodedSpans, "columns" | "body">>;
  usage: ReturnType<typeof usageRows>;
  scores: ReturnType<typeof attributeScores>;
  newlyAggregated: ScoredSpan[];
  logs: LogRow[];
  metrics: MetricPointRow[];
};

type Fresh = { head: SpanHead; spans: EncodedSpans; row: number };

/**
 * Every row a batch writes, from its records and the spans that were stored before it (a pure
 * function of both: a replay derives the same rows). Resent spans are dropped; usage is
 * counted once by structure; values the derived tables cannot hold refuse the batch before any
 * insert. Span rows are copied from the records as encoded, each followed by its usage_counted.
 */
export function deriveBatch(entries: LogEntry[], stored: ScoredSpan[]): DerivedBatch {
  const unique = new Map<string, Fresh>();
  const drafts: ScoreDraft[] = [];
  const logs: LogRow[] = [];
  const metrics: MetricPointRow[] = [];
  for (const entry of entries) {
    if (entry.signal === "traces") {
      entry.heads.forEach((head, row) => unique.set(spanKey(head), { head, spans: entry.spans, row }));
      drafts.push(...entry.scores);
    } else if (entry.signal === "logs") logs.push(...entry.rows);
    else metrics.push(...entry.rows);
  }
  for (const s of stored) unique.delete(spanKey(s));
  const fresh = [...unique.values()];
  const heads = fresh.map((f) => f.head);
  const counting = usageCounting(heads, stored);
  const usage = usageRows(heads, stored, counting);
  const scores = attributeScores(drafts, [...heads, ...stored]);
  const problem = derivedRowProblem(usage, scores);
  if (problem) throw new StoreError("clickhouse_rejected", problem);
  const spans = spanParts(fresh, (head) => counting.countedNow(head));
  return { spans, usage, scores, newlyAggregated: newlyAggregated(stored, counting), logs, metrics };
}

/** The fresh spans' rows copied out of their records, grouped by column list, each with its usage_counted byte. */
function spanParts(fresh: Fresh[], counted: (head: SpanHead) => boolean): DerivedBatch["spans"] {
  // Records decoded from the log hold equal column lists, not the same one: grouped by text.
  const groups = new Map<string, { columns: EncodedSpans["columns"]; rows: Fresh[] }>();
  const keys = new Map<EncodedSpans["columns"], string>();
  for (const f of fresh) {
    let key = keys.get(f.spans.columns);
    if (key === undefined) {
      key = f.spans.columns.map(([name, type]) => `${name} ${type}`).join(",");
      keys.set(f.spans.columns, key);
    }
    const group = groups.get(key);
    if (group) group.rows.push(f);
    else groups.set(key, { columns: f.spans.columns, rows: [f] });
  }
  return [...groups.values()].map(({ columns, rows }) => {
    const rowStart = (f: Fresh) => (f.row === 0 ? 0 : f.spans.ends[f.row - 1]!);
    const size = rows.reduce((sum, f) => sum + f.spans.ends[f.row]! - rowStart(f) + 1, 0);
    const body = Buffer.allocUnsafe(size);
    let at = 0;
    for (const f of rows) {
      at += f.spans.body.copy(body, at, rowStart(f), f.spans.ends[f.row]);
      body[at++] = counted(f.head) ? 1 : 0;
    }
    return { columns: [...columns, [USAGE_COUNTED_COLUMN.name, USAGE_COUNTED_COLUMN.type]] as const, body };
  });
}
