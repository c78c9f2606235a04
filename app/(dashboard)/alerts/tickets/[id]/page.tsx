import Link from "next/link";
import { TicketActions } from "@/components/alerts/ticket-actions";
import { LocalTime } from "@/components/ui/local-time";
import { formatConditionValue } from "@/lib/alerts/metric-catalog";
import { getTicket } from "@/lib/alerts/tickets";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { notFoundAs } from "@/lib/api/page-fallbacks";

type Evidence = {
  summary?: string;
  rule?: { metric: string; baseline?: string | null; changeUnit?: "percent" | "stddev" };
  value?: number | null;
  threshold?: number;
  window?: string;
  unit?: string;
  group?: Record<string, string>;
  owner?: string | null;
  tracesUrl?: string;
  topTraces?: Array<{ traceId: string; name: string; detail: string; url: string }>;
};

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, "");

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await pageContext("project.read");
  const { id } = await params;
  const ticket = await getTicket({ ctx, id }).catch(notFoundAs("ticket"));
  const evidence = ticket.evidence as Evidence;
  const rule = evidence.rule ?? { metric: "" };
  return (
    <section>
      <Link href="/alerts/tickets?mine=1">← My tickets</Link>
      <h1>{ticket.title}</h1>
      <div className="form-row" style={{ marginBottom: "1rem" }}>
        <span>
          Status: <strong className={ticket.status === "open" ? "error-text" : undefined}>{ticket.status}</strong>
        </span>
        <span>
          Assignee: <strong>{ticket.assignee ?? "unassigned"}</strong>
        </span>
        <span>Fired {ticket.fireCount}×</span>
        {ticket.escalationLevel > 0 && (
          <span className="error-text">escalated to the {ticket.escalationLevel === 1 ? "team lead" : "admin"}</span>
        )}
        <span className="muted">
          opened <LocalTime value={ticket.openedAt.toISOString()} />
        </span>
      </div>
      <div className="panel" aria-label="Evidence">
        <h2>Evidence when it opened</h2>
        <p>
          Value <strong>{formatConditionValue(rule, evidence.value)}</strong> against threshold{" "}
          {formatConditionValue(rule, evidence.threshold)} over {evidence.window}
          {evidence.group && Object.keys(evidence.group).length > 0 && (
            <>
              {" "}
              for{" "}
              {Object.entries(evidence.group)
                .map(([k, v]) => `${k} ${v}`)
                .join(", ")}
            </>
          )}
          .
        </p>
        {evidence.tracesUrl && (
          <p>
            <Link href={local(evidence.tracesUrl)}>Traces behind it</Link>
          </p>
        )}
        {evidence.topTraces && evidence.topTraces.length > 0 && (
          <table aria-label="Top traces">
            <thead>
              <tr>
                <th>Trace</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {evidence.topTraces.map((t) => (
                <tr key={t.traceId}>
                  <td>
                    <Link href={local(t.url)}>{t.name || t.traceId}</Link>
                  </td>
                  <td>{t.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {can(ctx.role, "tickets.write") && (
        <TicketActions id={ticket.id} status={ticket.status} assignee={ticket.assignee} />
      )}
      <div className="panel">
        <h2>History</h2>
        <table aria-label="History">
          <tbody>
            {ticket.history.map((h) => (
              <tr key={h.id}>
                <td className="muted">
                  <LocalTime value={h.at.toISOString()} />
                </td>
                <td>{h.kind.replace("_", " ")}</td>
                <td>{h.actor}</td>
                <td>{h.body}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
