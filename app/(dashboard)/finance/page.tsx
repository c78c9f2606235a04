import Link from "next/link";
import { CostDrilldown } from "@/components/finance/cost-drilldown";
import { MarginTable } from "@/components/finance/margin-table";
import { MarginTrendChart } from "@/components/finance/margin-trend-chart";
import { RevenueTable, RevenueUpload } from "@/components/finance/revenue-editor";
import { formatPercent, formatUsd } from "@/lib/format/number";
import { Forbidden, StoreDown } from "@/components/ui/states";
import { LocalTime } from "@/components/ui/local-time";
import { pageContext } from "@/lib/auth/page-context";
import { marginTrend } from "@/lib/finance/margin-trend";
import { monthMargins } from "@/lib/finance/month-close";
import { can } from "@/lib/auth/permissions";
import { MonthCloseControls } from "@/components/finance/month-close-controls";
import { costDrilldown } from "@/lib/finance/cost-drilldown";
import { listRevenue, MONTH } from "@/lib/finance/revenue";
import { DEFAULT_MARGIN_FLOOR_PCT } from "@/lib/domain/finance/margin-floor";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";
import { PageLoading, urlKey } from "@/components/ui/page-loading";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const pct = (v: number | null) => formatPercent(v === null ? null : v / 100);

async function FinancePageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx, forbidden } = await pageContext("finance.read");
  if (forbidden) return <Forbidden what="Finance" />;
  const params = await searchParams;
  const monthParam = typeof params.month === "string" ? params.month : "";
  const thisMonth = new Date().toISOString().slice(0, 7);
  const month = MONTH.test(monthParam) ? monthParam : thisMonth;
  const floorParam = Number(params.floor);
  const floorPct =
    typeof params.floor === "string" && params.floor !== "" && Number.isFinite(floorParam)
      ? floorParam
      : DEFAULT_MARGIN_FLOOR_PCT;
  const [result, trend, revenue, drilldown] = await Promise.all([
    monthMargins({ ctx, month }).catch(storeDownAs(null, "finance margins")),
    marginTrend({ ctx, month }).catch(storeDownAs(null, "finance trend")),
    listRevenue({ ctx, month }),
    costDrilldown({ ctx, month }).catch(storeDownAs(null, "finance drilldown")),
  ]);
  return (
    <section>
      <h1>Finance</h1>
      <p>
        <Link href="/finance/budgets">Budgets and forecasts</Link> ·{" "}
        <Link href="/finance/billing">Billing settings</Link> ·{" "}
        <Link href={`/finance/review?month=${month}`}>Monthly review</Link>
      </p>
      <form
        className={cn(cardClass, "flex flex-wrap items-end gap-3")}
        method="get"
        action="/finance"
        aria-label="Finance filters"
      >
        <Field>
          Month
          <Input type="month" name="month" defaultValue={month} required />
        </Field>
        <Field>
          Margin floor %<Input className="w-[6em]" type="number" name="floor" step="any" defaultValue={floorPct} />
        </Field>
        <Button type="submit">Show</Button>
        {monthParam && monthParam !== month && <Alert role="status">Ignored month “{monthParam}”: use YYYY-MM.</Alert>}
      </form>
      {!result && <StoreDown />}
      {result && (
        <>
          <Card data-testid="month-close" className="flex flex-wrap items-center justify-between gap-3">
            {result.closed ? (
              <p>
                <strong>{month} is closed</strong> ({result.closed.closedBy},{" "}
                <LocalTime value={result.closed.closedAt} />; prices {result.closed.catalogVersion}): the figures below
                are the snapshot.{" "}
                {Math.abs(result.closed.live.differenceUsd) >= 0.005 ? (
                  <span className="text-destructive" data-testid="live-difference">
                    The live figure differs by {formatUsd(result.closed.live.differenceUsd, { signed: true })} (live AI
                    cost {formatUsd(result.closed.live.costUsd)}).
                  </span>
                ) : (
                  <span className="text-muted-foreground">The live figure agrees.</span>
                )}
              </p>
            ) : (
              <p className="text-muted-foreground">{month} is open: figures are live.</p>
            )}
            {can(ctx.role, "finance.write") && (
              <MonthCloseControls month={month} closed={result.closed !== null} ended={month < thisMonth} />
            )}
          </Card>
          <Card>
            <div className="grid grid-cols-[repeat(auto-fit,minmax(180px,1fr))] gap-4">
              <div>
                <div className="text-sm text-muted-foreground">Revenue</div>
                <div className="text-xl font-semibold tabular-nums" data-testid="total-revenue">
                  {formatUsd(result.totals.revenueUsd)}
                </div>
              </div>
              <div>
                <div className="text-sm text-muted-foreground">AI cost</div>
                <div className="text-xl font-semibold tabular-nums" data-testid="total-cost">
                  {formatUsd(result.totals.costUsd)}
                </div>
              </div>
              <div>
                <div className="text-sm text-muted-foreground">Margin</div>
                <div className="text-xl font-semibold tabular-nums">{formatUsd(result.totals.marginUsd)}</div>
              </div>
              <div>
                <div className="text-sm text-muted-foreground">Margin %</div>
                <div className="text-xl font-semibold tabular-nums">{pct(result.totals.marginPct)}</div>
              </div>
              {result.projection && (
                <div data-testid="projection">
                  <div className="text-sm text-muted-foreground">
                    Projected to month end ({formatPercent(result.projection.elapsedShare, { digits: 0 })} elapsed)
                  </div>
                  <div className="text-xl font-semibold tabular-nums">{formatUsd(result.projection.costUsd)}</div>
                  <div className="text-sm text-muted-foreground">
                    margin {formatUsd(result.projection.marginUsd)} ({pct(result.projection.marginPct)}); revenue to
                    date {formatUsd(result.projection.revenueToDateUsd)}
                  </div>
                  {result.projection.underWater.length > 0 && (
                    <div className="text-sm text-destructive" data-testid="under-water">
                      Under water (projected cost above revenue):{" "}
                      {result.projection.underWater.map((t) => t || "(no tenant)").join(", ")}
                    </div>
                  )}
                </div>
              )}
            </div>
            <p className="text-muted-foreground">Prices: {result.catalogVersion}.</p>
          </Card>
          {result.unpriced.length > 0 && (
            <Alert variant="destructive" role="status">
              Unpriced usage is not in these costs:{" "}
              {result.unpriced.map((u) => `${u.model || "(no model)"} (${u.kind})`).join(", ")}.
            </Alert>
          )}
          <Card>
            <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
              <h2>Margins by tenant, {month}</h2>
              <a
                className={buttonVariants({ variant: "secondary" })}
                href={`/api/v1/margins?month=${month}&format=csv`}
                download
              >
                Export CSV
              </a>
            </div>
            <MarginTable rows={result.data} floorPct={floorPct} projected={result.projection !== null} />
            {drilldown && (
              <>
                <h3>Cost by tenant → feature → model</h3>
                <CostDrilldown tenants={result.drilldown ?? drilldown.data} />
              </>
            )}
          </Card>
        </>
      )}
      {trend && (
        <Card>
          <h2>Last 12 months</h2>
          <MarginTrendChart points={trend} />
        </Card>
      )}
      {/* Keyed by the stored values too: after an upload the editor starts from them, never from what it held before. */}
      <RevenueTable
        key={`${month}:${revenue.map((r) => `${r.tenant}=${r.revenueUsd}`).join(",")}`}
        month={month}
        initial={revenue.map((r) => ({ tenant: r.tenant, month: r.month, revenueUsd: r.revenueUsd }))}
      />
      <RevenueUpload />
    </section>
  );
}

export default async function FinancePage(props: Parameters<typeof FinancePageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <FinancePageContent {...props} />
    </PageLoading>
  );
}
