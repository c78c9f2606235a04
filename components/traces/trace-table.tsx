import { LocalTime } from "@/components/ui/local-time";
import Link from "next/link";
import type { TraceListItem } from "@/lib/traces/list-traces";
import { formatCount, formatDuration, formatUsd } from "@/lib/format/number";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/states";

/** Marks each occurrence of the search text (case-insensitive) so a hit can be seen in the row. */
function Highlighted({ text, term }: { text: string; term?: string }) {
  if (!term || !text) return <>{text}</>;
  const lower = text.toLowerCase();
  const needle = term.toLowerCase();
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (let hit = lower.indexOf(needle); hit !== -1 && needle; hit = lower.indexOf(needle, at)) {
    parts.push(text.slice(at, hit), <mark key={hit}>{text.slice(hit, hit + needle.length)}</mark>);
    at = hit + needle.length;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

const narrowCell = "max-w-[8rem] overflow-hidden text-ellipsis whitespace-nowrap";

export function TraceTable({ traces, highlight }: { traces: TraceListItem[]; highlight?: string }) {
  if (traces.length === 0) return <EmptyState>No traces match these filters.</EmptyState>;
  return (
    <Card className="overflow-x-auto">
      <Table aria-label="Traces" className="[&_td]:whitespace-nowrap">
        <thead>
          <tr>
            <th>Time</th>
            <th>Name</th>
            <th>Feature</th>
            <th>Tenant</th>
            <th>Models</th>
            <th>Duration</th>
            <th>Tokens</th>
            <th>Cost</th>
            <th>Status</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <tr key={t.traceId}>
              <td>
                <LocalTime value={t.startTime} />
              </td>
              <td className="max-w-[14rem] overflow-hidden text-ellipsis whitespace-nowrap" title={t.name || t.traceId}>
                <Link href={`/traces/${t.traceId}`}>
                  <Highlighted text={t.name || t.traceId} term={highlight} />
                </Link>
              </td>
              {/* Cut to one line: a long feature or tenant name pushed Status and Error out of view at 1440 px. */}
              <td className={narrowCell} title={t.feature}>
                {t.feature || <span className="text-muted-foreground">–</span>}
              </td>
              <td className={narrowCell} title={t.tenant}>
                {t.tenant || <span className="text-muted-foreground">–</span>}
              </td>
              <td className="max-w-[10rem] overflow-hidden text-ellipsis whitespace-nowrap" title={t.models.join(", ")}>
                {t.models.join(", ")}
              </td>
              <td>{formatDuration(t.durationMs)}</td>
              <td>{formatCount(t.inputTokens + t.outputTokens)}</td>
              <td>
                {t.costUsd > 0 ? (
                  formatUsd(t.costUsd)
                ) : (
                  <span className="text-muted-foreground" title="No priced usage in this trace">
                    –
                  </span>
                )}
              </td>
              <td className={t.status === "error" ? "text-destructive" : "text-success"}>{t.status}</td>
              {/* Takes the width the other columns leave (max-width 0 lets it shrink below its text),
                  cut with an ellipsis and whole in the title: a fixed width pushed it out of view at 1440 px. */}
              <td
                className="text-destructive w-full max-w-0 min-w-[8rem] overflow-hidden text-ellipsis whitespace-nowrap"
                title={t.errorMessage ?? ""}
              >
                <Highlighted text={t.errorMessage ?? ""} term={highlight} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
