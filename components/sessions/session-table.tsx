import Link from "next/link";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { EmptyState } from "@/components/ui/states";
import { clipCell, oneLineTable, Table } from "@/components/ui/table";
import type { SessionListItem } from "@/lib/sessions/list-sessions";
import { formatCount, formatDuration, formatScore, formatUsd } from "@/lib/format/number";

const dash = <span className="text-muted-foreground">–</span>;

/** Sessions as the list and an end user's page show them, newest first. */
export function SessionTable({ sessions }: { sessions: SessionListItem[] }) {
  if (sessions.length === 0) return <EmptyState>No sessions match these filters.</EmptyState>;
  return (
    <Card>
      <Table aria-label="Sessions" className={oneLineTable}>
        <thead>
          <tr>
            <th>Start</th>
            <th>Session</th>
            <th>End user</th>
            <th>Tenant</th>
            <th>Features</th>
            <th>Models</th>
            <th>Turns</th>
            <th>Duration</th>
            <th>Tokens</th>
            <th>Cost</th>
            <th>Errors</th>
            <th>Latest score</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.sessionId} data-status={s.status}>
              <td>
                <LocalTime value={s.startTime} />
              </td>
              <td className={clipCell} title={s.sessionId}>
                <Link href={`/sessions/${encodeURIComponent(s.sessionId)}`}>{s.sessionId}</Link>
              </td>
              <td className={clipCell} title={s.userId}>
                {s.userId ? <Link href={`/users/${encodeURIComponent(s.userId)}`}>{s.userId}</Link> : dash}
              </td>
              <td>{s.tenant || dash}</td>
              <td className={clipCell}>{s.features.join(", ") || dash}</td>
              <td className={clipCell}>{s.models.join(", ") || dash}</td>
              <td>{formatCount(s.turns)}</td>
              <td>{formatDuration(s.durationMs)}</td>
              <td>{formatCount(s.inputTokens + s.outputTokens)}</td>
              <td>{s.costUsd > 0 ? formatUsd(s.costUsd) : dash}</td>
              <td className={s.status === "error" ? "text-destructive" : "text-success"}>
                {s.failedTurns > 0
                  ? `${formatCount(s.failedTurns)} failed turn${s.failedTurns === 1 ? "" : "s"}`
                  : "ok"}
              </td>
              <td>
                {s.latestScore
                  ? `${s.latestScore.name} ${s.latestScore.value === null ? (s.latestScore.label ?? "") : formatScore(s.latestScore.value)}`
                  : dash}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
