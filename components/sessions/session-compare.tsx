import Link from "next/link";
import { Card } from "@/components/ui/card";
import { clipWideCell, Table } from "@/components/ui/table";
import { formatCount, formatDuration, formatUsd } from "@/lib/format/number";
import type { SessionDetail, SessionTurn } from "./types";

const cell = (t: SessionTurn | undefined, hidden: boolean) =>
  t ? (
    <>
      <span className={t.status === "error" ? "text-destructive" : "text-success"}>{t.status}</span>{" "}
      {formatDuration(t.durationMs)}, {formatCount(t.inputTokens + t.outputTokens)} tokens, {formatUsd(t.costUsd)}
      {!hidden && t.userMessage && <div className={`text-muted-foreground ${clipWideCell}`}>{t.userMessage}</div>}
    </>
  ) : (
    <span className="text-muted-foreground">–</span>
  );

/** A failed session against the same feature's last session without a failed turn, turn by turn. */
export function SessionCompare({ session, baseline }: { session: SessionDetail; baseline: SessionDetail }) {
  const rows = Math.max(session.turns.length, baseline.turns.length);
  return (
    <Card>
      <h2>Compared with the last successful session of this feature</h2>
      <p className="text-muted-foreground">
        <Link href={`/sessions/${encodeURIComponent(baseline.sessionId)}`}>{baseline.sessionId}</Link>:{" "}
        {formatCount(baseline.turns.length)} turns, {formatUsd(baseline.costUsd)}
      </p>
      <Table aria-label="Turn by turn">
        <thead>
          <tr>
            <th>Turn</th>
            <th>This session</th>
            <th>Last successful</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr key={i} data-status={session.turns[i]?.status ?? "missing"}>
              <td>{i + 1}</td>
              <td>{cell(session.turns[i], session.payloadsHidden)}</td>
              <td>{cell(baseline.turns[i], baseline.payloadsHidden)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
