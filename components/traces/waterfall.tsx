"use client";
import { formatDuration } from "@/lib/format/number";
import { KIND_ICON, spanDepths, treeOrder, type SpanDetail } from "./types";

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
    <div className="panel" role="tree" aria-label="Span tree">
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
            style={{
              display: "grid",
              gridTemplateColumns: "minmax(220px, 35%) 1fr 80px",
              gap: ".5rem",
              alignItems: "center",
              padding: "2px 4px",
              cursor: "pointer",
              background: selected ? "#eef3ff" : undefined,
            }}
          >
            <span
              style={{
                paddingLeft: `${(depths.get(s.spanId) ?? 0) * 14}px`,
                whiteSpace: "nowrap",
                overflow: "hidden",
                textOverflow: "ellipsis",
              }}
              title={s.name}
            >
              <span className={`kind-badge kind-${s.kind}`}>{KIND_ICON[s.kind] ?? "SPAN"}</span> {s.name}
              {s.status === "error" && <span className="error-text"> ✖</span>}
            </span>
            <span style={{ position: "relative", height: 12, background: "#f1f3f6", borderRadius: 3 }}>
              <span
                style={{
                  position: "absolute",
                  left: `${Math.min(left, 99.6)}%`,
                  width: `${Math.min(width, 100 - Math.min(left, 99.6))}%`,
                  top: 0,
                  bottom: 0,
                  borderRadius: 3,
                  background: s.status === "error" ? "var(--danger)" : "var(--accent)",
                }}
              />
            </span>
            <span className="muted" style={{ textAlign: "right" }}>
              {formatDuration(s.durationMs)}
            </span>
          </div>
        );
      })}
    </div>
  );
}
