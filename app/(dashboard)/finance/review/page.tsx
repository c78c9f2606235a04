import { PageLoading, urlKey } from "@/components/ui/page-loading";
import "./review.css";
import { Forbidden, StoreDown } from "@/components/ui/states";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { pageContext } from "@/lib/auth/page-context";
import { monthlyReview } from "@/lib/finance/monthly-review";
import { listReviewSubscribers } from "@/lib/finance/review-subscribers";
import { can } from "@/lib/auth/permissions";
import { ReviewSubscribersEditor } from "@/components/finance/review-subscribers-editor";
import { MONTH } from "@/lib/finance/revenue";
import { formatPercent, formatUsd } from "@/lib/format/number";
import { Button, buttonVariants } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { BaselineTable } from "@/components/finance/baseline-table";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const pct = (v: number | null) => formatPercent(v === null ? null : v / 100);

// A panel on screen; on paper only its content, kept on one page where it fits.
const panel = cn(cardClass, "print:break-inside-avoid print:border-none print:p-0 print:shadow-none");

/** The monthly review for finance, or one owner's part (`owner=`); CSV export and a print stylesheet. */
async function ReviewPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx, forbidden } = await pageContext("finance.read");
  if (forbidden) return <Forbidden what="The monthly review" />;
  const params = await searchParams;
  const monthParam = typeof params.month === "string" ? params.month : "";
  const d = new Date();
  const lastMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const month = MONTH.test(monthParam) ? monthParam : lastMonth;
  const owner = typeof params.owner === "string" && params.owner.includes("@") ? params.owner : undefined;
  const [review, subscribers] = await Promise.all([
    monthlyReview({ ctx, month, owner }).catch(storeDownAs(null, "monthly review")),
    listReviewSubscribers({ ctx }).catch(storeDownAs(null, "review subscribers")),
  ]);
  const csv = `/api/v1/review?month=${month}${owner ? `&owner=${encodeURIComponent(owner)}` : ""}&format=csv`;
  return (
    <section className="print:bg-white print:text-black print:[&_a]:text-black print:[&_a]:no-underline print:[&_td]:border-b print:[&_td]:border-black/40 print:[&_td]:px-1 print:[&_td]:py-0.5 print:[&_th]:border-b print:[&_th]:border-black/40 print:[&_th]:px-1 print:[&_th]:py-0.5">
      <PageHeader title={`Monthly review, ${month}${owner ? ` — ${owner}` : ""}`} />
      <form
        className={cn(cardClass, "flex flex-wrap items-end gap-3")}
        method="get"
        action="/finance/review"
        aria-label="Review filters"
      >
        <Field>
          Month
          <Input type="month" name="month" defaultValue={month} required />
        </Field>
        <Field>
          Owner
          <Input type="email" name="owner" defaultValue={owner ?? ""} placeholder="all owners" />
        </Field>
        <Button type="submit">Show</Button>
        <a className={buttonVariants({ variant: "secondary" })} href={csv} download>
          Download CSV
        </a>
      </form>
      {subscribers && (
        <div className={cn(panel, "print:hidden")}>
          <p className="text-muted-foreground">
            Mailed with its CSV on the first working day (Monday to Friday, UTC) of each month, for the month that
            ended.
          </p>
          {can(ctx.role, "finance.write") ? (
            <ReviewSubscribersEditor subscribers={subscribers.subscribers} members={subscribers.members} />
          ) : (
            <p>Subscribers: {subscribers.subscribers.length ? subscribers.subscribers.length : "none"}</p>
          )}
        </div>
      )}
      {!review && <StoreDown />}
      {review && (
        <>
          <div className={panel}>
            <h2>Margins</h2>
            <p className="text-muted-foreground" data-testid="review-status">
              {review.closed ? `Closed (snapshot, prices ${review.closed.catalogVersion}).` : "Open: live figures."}{" "}
              Revenue {formatUsd(review.totals.revenueUsd)}, AI cost {formatUsd(review.totals.costUsd)}, margin{" "}
              {formatUsd(review.totals.marginUsd)} ({pct(review.totals.marginPct)}).
            </p>
            <Table aria-label="Review margins">
              <thead>
                <tr>
                  <th>Tenant</th>
                  <th>Revenue</th>
                  <th>AI cost</th>
                  <th>Margin</th>
                  <th>Margin %</th>
                </tr>
              </thead>
              <tbody>
                {review.margins.map((m) => (
                  <tr key={m.tenant}>
                    <td>{m.tenant || "(no tenant)"}</td>
                    <td>{formatUsd(m.revenueUsd)}</td>
                    <td>{formatUsd(m.costUsd)}</td>
                    <td>{formatUsd(m.marginUsd)}</td>
                    <td>{pct(m.marginPct)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
          <div className={panel}>
            <h2>Top cost movers against {review.previousMonth}</h2>
            <Table aria-label="Top cost movers">
              <thead>
                <tr>
                  <th>Feature</th>
                  <th>Cost</th>
                  <th>{review.previousMonth}</th>
                  <th>Change</th>
                </tr>
              </thead>
              <tbody>
                {review.movers.map((m) => (
                  <tr key={m.feature}>
                    <td>{m.feature || "(no feature)"}</td>
                    <td>{formatUsd(m.costUsd)}</td>
                    <td>{formatUsd(m.previousCostUsd)}</td>
                    <td>{formatUsd(m.changeUsd, { signed: true })}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
          <div className={panel}>
            <h2>Budget misses</h2>
            {review.budgetMisses.length === 0 ? (
              <p className="text-muted-foreground">No budget was overspent.</p>
            ) : (
              <Table aria-label="Budget misses">
                <thead>
                  <tr>
                    <th>Budget</th>
                    <th>Amount</th>
                    <th>Spent</th>
                    <th>Over</th>
                  </tr>
                </thead>
                <tbody>
                  {review.budgetMisses.map((b) => (
                    <tr key={`${b.scope}:${b.subject}`}>
                      <td>
                        {b.scope} {b.subject}
                      </td>
                      <td>{formatUsd(b.amountUsd)}</td>
                      <td>{formatUsd(b.spentUsd)}</td>
                      <td>{formatUsd(b.overUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </div>
          <div className={panel}>
            <h2>Owners</h2>
            <Table aria-label="Owners' features">
              <thead>
                <tr>
                  <th>Owner</th>
                  <th>Feature</th>
                  <th>Cost</th>
                  <th>{review.previousMonth}</th>
                  <th>Change</th>
                  <th>Open tickets</th>
                </tr>
              </thead>
              <tbody>
                {review.owners.map((o) => (
                  <tr key={`${o.owner}:${o.feature}`}>
                    <td>
                      <a href={`/finance/review?month=${month}&owner=${encodeURIComponent(o.owner)}`}>{o.owner}</a>
                    </td>
                    <td>{o.feature}</td>
                    <td>{formatUsd(o.costUsd)}</td>
                    <td>{formatUsd(o.previousCostUsd)}</td>
                    <td>{formatUsd(o.changeUsd, { signed: true })}</td>
                    <td>{o.openTickets}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
          <div className={panel}>
            <h2>Features against their baselines</h2>
            <p className="text-muted-foreground">
              Each figure over the month, the baseline, and the 7 days ending 30, 60 and 90 days after the baseline was
              set.
            </p>
            <BaselineTable owners={review.owners} month={month} />
          </div>
        </>
      )}
    </section>
  );
}

export default async function ReviewPage(props: { searchParams: SearchParams }) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <ReviewPageContent {...props} />
    </PageLoading>
  );
}
