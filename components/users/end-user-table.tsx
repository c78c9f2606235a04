import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { EndUserItem } from "@/lib/users/list-end-users";
import { formatCount, formatUsd } from "@/lib/format/number";

/** End users, most expensive first. */
export function EndUserTable({ users }: { users: EndUserItem[] }) {
  if (users.length === 0) return <p className="panel muted">No end users in this period.</p>;
  return (
    <div className="panel" style={{ overflowX: "auto" }}>
      <table aria-label="End users" className="one-line">
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
              <td className="clip" title={u.userId}>
                <Link href={`/users/${encodeURIComponent(u.userId)}`}>{u.userId}</Link>
              </td>
              <td className="clip">{u.tenants.join(", ") || <span className="muted">–</span>}</td>
              <td>{formatCount(u.sessions)}</td>
              <td>{formatCount(u.traces)}</td>
              <td>{formatCount(u.inputTokens + u.outputTokens)}</td>
              <td>{formatUsd(u.costUsd)}</td>
              <td className={u.errorSpans > 0 ? "error-text" : undefined}>{formatCount(u.errorSpans)}</td>
              <td>{u.lastSeen ? <LocalTime value={u.lastSeen} /> : <span className="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
