import Link from "next/link";
import { StoreDown } from "@/components/ui/states";
import { LocalTime } from "@/components/ui/local-time";
import { listTickets } from "@/lib/alerts/tickets";
import { TICKET_STATUSES, type TicketStatus } from "@/db/postgres/schema";
import { pageContext } from "@/lib/auth/page-context";
import { storeDownAs } from "@/lib/api/page-fallbacks";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TicketsPage({ searchParams }: { searchParams: SearchParams }) {
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
      <Link href="/alerts">← Alerts</Link>
      <h1>{mine ? "My tickets" : "Tickets"}</h1>
      <nav className="tabs" aria-label="Ticket filters">
        {mine ? (
          <Link href={link({ mine: false })}>All tickets</Link>
        ) : (
          <Link href={link({ mine: true })}>My tickets</Link>
        )}
        <span className="muted">Status:</span>
        <Link href={link({ status: "" })} aria-current={!status ? "page" : undefined}>
          any
        </Link>
        {TICKET_STATUSES.map((s) => (
          <Link key={s} href={link({ status: s })} aria-current={status === s ? "page" : undefined}>
            {s}
          </Link>
        ))}
      </nav>
      {!tickets && <StoreDown />}
      {tickets && tickets.data.length === 0 && (
        <p className="panel muted">No tickets{mine ? " assigned to you" : ""}.</p>
      )}
      {tickets && tickets.data.length > 0 && (
        <div className="panel">
          <table aria-label="Tickets">
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
                  <td className={t.status === "open" ? "error-text" : undefined}>{t.status}</td>
                  <td>{t.assignee ?? "unassigned"}</td>
                  <td>{t.fireCount}×</td>
                  <td className="muted">
                    <LocalTime value={t.openedAt.toISOString()} />
                  </td>
                  <td className="muted">
                    <LocalTime value={t.updatedAt.toISOString()} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
