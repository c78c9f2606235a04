"use client";
import { formatDuration } from "@/lib/format/number";
import { cn } from "@/components/ui/cn";
import { KindBadge } from "./kind-badge";
import { spanDepths, treeOrder, type SpanDetail } from "./types";
import { Card } from "@/components/ui/card";

/** Spans on a time axis, nested by parent, errors marked; clicking a row selects that step. */
export function Waterfall({
  spans,
  traceStart,
  traceMs,
  selectedId,
  onSelect,
}: {
  spans: SpanDetail[];
  traceStart: number;
  traceMs: number;
  selectedId: string | null;
  onSelect: (spanId: string) => void;
}) {
  const depths = spanDepths(spans);
  const total = Math.max(traceMs, 1);
  return (
    <Card role="tree" aria-label="Span tree">
      {treeOrder(spans).map((s) => {
        const left = ((Date.parse(s.startTime) - traceStart) / total) * 100;
        const width = Math.max((s.durationMs / total) * 100, 0.4);
        const selected = s.spanId === selectedId;
        return (
          <div
            key={s.spanId}
            role="treeitem"
            aria-level={(depths.get(s.spanId) ?? 0) + 1}
            aria-selected={selected}
            onClick={() => onSelect(s.spanId)}
            className={cn(
              "grid cursor-pointer grid-cols-[minmax(220px,35%)_1fr_80px] items-center gap-2 rounded-sm px-1 py-0.5 hover:bg-muted",
              selected && "bg-accent hover:bg-accent",
            )}
          >
            <span
              className="overflow-hidden text-sm text-ellipsis whitespace-nowrap"
              style={{ paddingLeft: `${(depths.get(s.spanId) ?? 0) * 14}px` }}
              title={s.name}
            >
              <KindBadge kind={s.kind} /> {s.name}
              {s.status === "error" && <span className="text-destructive"> ✖</span>}
            </span>
            <span className="relative h-3 rounded-sm bg-muted">
              {/* Position and width are data: the one inline style left. */}
              <span
                className={cn("absolute inset-y-0 rounded-sm", s.status === "error" ? "bg-destructive" : "bg-primary")}
                style={{
                  left: `${Math.min(left, 99.6)}%`,
                  width: `${Math.min(width, 100 - Math.min(left, 99.6))}%`,
                }}
              />
            </span>
            <span className="text-right text-sm text-muted-foreground">{formatDuration(s.durationMs)}</span>
          </div>
        );
      })}
    </Card>
  );
}
