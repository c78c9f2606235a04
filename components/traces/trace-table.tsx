import { LocalTime } from "@/components/ui/local-time";
import Link from "next/link";
import type { TraceListItem } from "@/lib/traces/list-traces";
import { formatCount, formatDuration, formatUsd } from "@/lib/format/number";

export function TraceTable({ traces }: { traces: TraceListItem[] }) {
  if (traces.length === 0) return <p className="panel muted">No traces match these filters.</p>;
  return (
    <div className="panel" style={{ overflowX: "auto" }}>
      <table aria-label="Traces">
        <thead>
          <tr><th>Time</th><th>Name</th><th>Feature</th><th>Tenant</th><th>Models</th><th>Duration</th><th>Tokens</th><th>Cost</th><th>Status</th><th>Error</th></tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <tr key={t.traceId}>
              <td style={{ whiteSpace: "nowrap" }}><LocalTime value={t.startTime} /></td>
              <td><Link href={`/traces/${t.traceId}`}>{t.name || t.traceId}</Link></td>
              <td>{t.feature || <span className="muted">–</span>}</td>
              <td>{t.tenant || <span className="muted">–</span>}</td>
              <td>{t.models.join(", ")}</td>
              <td>{formatDuration(t.durationMs)}</td>
              <td>{formatCount(t.inputTokens + t.outputTokens)}</td>
              <td>{t.costUsd > 0 ? formatUsd(t.costUsd) : <span className="muted" title="No priced usage in this trace">–</span>}</td>
              <td className={t.status === "error" ? "error-text" : "ok-text"}>{t.status}</td>
              <td className="error-text" style={{ maxWidth: 280, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }} title={t.errorMessage ?? ""}>
                {t.errorMessage}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
