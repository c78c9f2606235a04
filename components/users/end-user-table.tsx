import Link from "next/link";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { EmptyState } from "@/components/ui/states";
import { clipCell, oneLineTable, Table } from "@/components/ui/table";
import type { EndUserItem } from "@/lib/users/list-end-users";
import { formatCount, formatUsd } from "@/lib/format/number";

const dash = <span className="text-muted-foreground">–</span>;

/** End users, most expensive first. */
export function EndUserTable({ users }: { users: EndUserItem[] }) {
  if (users.length === 0) return <EmptyState>No end users in this period.</EmptyState>;
  return (
    <Card>
      <Table aria-label="End users" className={oneLineTable}>
        <thead>
          <tr>
            <th>End user</th>
            <th>Tenants</th>
            <th>Sessions</th>
            <th>Traces</th>
            <th>Tokens</th>
            <th>Cost</th>
            <th>Error spans</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.userId}>
              <td className={clipCell} title={u.userId}>
                <Link href={`/users/${encodeURIComponent(u.userId)}`}>{u.userId}</Link>
              </td>
              <td className={clipCell}>{u.tenants.join(", ") || dash}</td>
              <td>{formatCount(u.sessions)}</td>
              <td>{formatCount(u.traces)}</td>
              <td>{formatCount(u.inputTokens + u.outputTokens)}</td>
              <td>{formatUsd(u.costUsd)}</td>
              <td className={u.errorSpans > 0 ? "text-destructive" : undefined}>{formatCount(u.errorSpans)}</td>
              <td>{u.lastSeen ? <LocalTime value={u.lastSeen} /> : dash}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
