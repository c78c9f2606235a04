import Link from "next/link";
import { EmptyState, StoreDown } from "@/components/ui/states";
import { LocalTime } from "@/components/ui/local-time";
import { listTickets } from "@/lib/alerts/tickets";
import { TICKET_STATUSES, type TicketStatus } from "@/db/postgres/schema";
import { pageContext } from "@/lib/auth/page-context";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { tabsListClass, tabTriggerClass } from "@/components/ui/tab-classes";
import { BackLink } from "@/components/ui/page-header";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function TicketsPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const raw = await searchParams;
  const mine = raw.mine === "1";
  const status = TICKET_STATUSES.includes(raw.status as TicketStatus) ? (raw.status as TicketStatus) : undefined;
  const tickets = await listTickets({ ctx, query: { status, assignee: mine ? "me" : undefined } }).catch(
    storeDownAs(null, "tickets"),
  );
  const link = (next: { mine?: boolean; status?: string }) => {
    const p = new URLSearchParams();
    if (next.mine ?? mine) p.set("mine", "1");
    const s = next.status === undefined ? status : next.status;
    if (s) p.set("status", s);
    return `/alerts/tickets${p.size ? `?${p}` : ""}`;
  };
  return (
    <section>
      <BackLink href="/alerts">Alerts</BackLink>
      <h1>{mine ? "My tickets" : "Tickets"}</h1>
      <nav className={tabsListClass} aria-label="Ticket filters">
        {mine ? (
          <Link className={tabTriggerClass} href={link({ mine: false })}>
            All tickets
          </Link>
        ) : (
          <Link className={tabTriggerClass} href={link({ mine: true })}>
            My tickets
          </Link>
        )}
        <span className="ml-3 text-sm text-muted-foreground">Status:</span>
        <Link className={tabTriggerClass} href={link({ status: "" })} aria-current={!status ? "page" : undefined}>
          any
        </Link>
        {TICKET_STATUSES.map((s) => (
          <Link
            key={s}
            className={tabTriggerClass}
            href={link({ status: s })}
            aria-current={status === s ? "page" : undefined}
          >
            {s}
          </Link>
        ))}
      </nav>
      {!tickets && <StoreDown />}
      {tickets && tickets.data.length === 0 && <EmptyState>No tickets{mine ? " assigned to you" : ""}.</EmptyState>}
      {tickets && tickets.data.length > 0 && (
        <Card>
          <Table aria-label="Tickets">
            <thead>
              <tr>
                <th>Ticket</th>
                <th>Rule</th>
                <th>Status</th>
                <th>Assignee</th>
                <th>Fired</th>
                <th>Opened</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {tickets.data.map((t) => (
                <tr key={t.id}>
                  <td>
                    <Link href={`/alerts/tickets/${t.id}`}>{t.title}</Link>
                  </td>
                  <td>{t.ruleName}</td>
                  <td className={t.status === "open" ? "text-destructive" : undefined}>{t.status}</td>
                  <td>{t.assignee ?? "unassigned"}</td>
                  <td>{t.fireCount}×</td>
                  <td className="text-muted-foreground">
                    <LocalTime value={t.openedAt.toISOString()} />
                  </td>
                  <td className="text-muted-foreground">
                    <LocalTime value={t.updatedAt.toISOString()} />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </section>
  );
}

export default async function TicketsPage(props: Parameters<typeof TicketsPageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <TicketsPageContent {...props} />
    </PageLoading>
  );
}
