import Link from "next/link";
import { TicketActions } from "@/components/alerts/ticket-actions";
import { LocalTime } from "@/components/ui/local-time";
import { formatConditionValue } from "@/lib/alerts/metric-catalog";
import { getTicket } from "@/lib/alerts/tickets";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { notFoundAs } from "@/lib/api/page-fallbacks";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { BackLink } from "@/components/ui/page-header";

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

async function TicketPageContent({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await pageContext("project.read");
  const { id } = await params;
  const ticket = await getTicket({ ctx, id }).catch(notFoundAs("ticket"));
  const evidence = ticket.evidence as Evidence;
  const rule = evidence.rule ?? { metric: "" };
  return (
    <section>
      <BackLink href="/alerts/tickets?mine=1">My tickets</BackLink>
      <h1>{ticket.title}</h1>
      <div className="mb-4 flex flex-wrap items-center gap-3 text-sm">
        <span>
          Status: <strong className={ticket.status === "open" ? "text-destructive" : undefined}>{ticket.status}</strong>
        </span>
        <span>
          Assignee: <strong>{ticket.assignee ?? "unassigned"}</strong>
        </span>
        <span>Fired {ticket.fireCount}×</span>
        {ticket.escalationLevel > 0 && (
          <span className="text-destructive">
            escalated to the {ticket.escalationLevel === 1 ? "team lead" : "admin"}
          </span>
        )}
        <span className="text-muted-foreground">
          opened <LocalTime value={ticket.openedAt.toISOString()} />
        </span>
      </div>
      <Card aria-label="Evidence">
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
          <Table aria-label="Top traces">
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
          </Table>
        )}
      </Card>
      {can(ctx.role, "tickets.write") && (
        <TicketActions id={ticket.id} status={ticket.status} assignee={ticket.assignee} />
      )}
      <Card>
        <h2>History</h2>
        <Table aria-label="History">
          <tbody>
            {ticket.history.map((h) => (
              <tr key={h.id}>
                <td className="text-muted-foreground">
                  <LocalTime value={h.at.toISOString()} />
                </td>
                <td>{h.kind.replace("_", " ")}</td>
                <td>{h.actor}</td>
                <td>{h.body}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </section>
  );
}

export default async function TicketPage(props: Parameters<typeof TicketPageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <TicketPageContent {...props} />
    </PageLoading>
  );
}
