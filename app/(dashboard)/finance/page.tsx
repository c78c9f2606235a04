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

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const pct = (v: number | null) => formatPercent(v === null ? null : v / 100);

export default async function FinancePage({ searchParams }: { searchParams: SearchParams }) {
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
        <a href="/finance/budgets">Budgets and forecasts</a> · <a href="/finance/billing">Billing settings</a> ·{" "}
        <a href={`/finance/review?month=${month}`}>Monthly review</a>
      </p>
      <form className="panel form-row" method="get" action="/finance" aria-label="Finance filters">
        <label>
          Month
          <input type="month" name="month" defaultValue={month} required />
        </label>
        <label>
          Margin floor %<input type="number" name="floor" step="any" defaultValue={floorPct} style={{ width: "6em" }} />
        </label>
        <button type="submit">Show</button>
        {monthParam && monthParam !== month && (
          <p className="notice" role="status">
            Ignored month “{monthParam}”: use YYYY-MM.
          </p>
        )}
      </form>
      {!result && <StoreDown />}
      {result && (
        <>
          <div className="panel form-row" data-testid="month-close">
            {result.closed ? (
              <p>
                <strong>{month} is closed</strong> ({result.closed.closedBy},{" "}
                <LocalTime value={result.closed.closedAt} />; prices {result.closed.catalogVersion}): the figures below
                are the snapshot.{" "}
                {Math.abs(result.closed.live.differenceUsd) >= 0.005 ? (
                  <span className="error-text" data-testid="live-difference">
                    The live figure differs by {formatUsd(result.closed.live.differenceUsd, { signed: true })} (live AI
                    cost {formatUsd(result.closed.live.costUsd)}).
                  </span>
                ) : (
                  <span className="muted">The live figure agrees.</span>
                )}
              </p>
            ) : (
              <p className="muted">{month} is open: figures are live.</p>
            )}
            {can(ctx.role, "finance.write") && (
              <MonthCloseControls month={month} closed={result.closed !== null} ended={month < thisMonth} />
            )}
          </div>
          <div className="panel">
            <div className="stat-grid">
              <div>
                <div className="muted">Revenue</div>
                <div className="stat" data-testid="total-revenue">
                  {formatUsd(result.totals.revenueUsd)}
                </div>
              </div>
              <div>
                <div className="muted">AI cost</div>
                <div className="stat" data-testid="total-cost">
                  {formatUsd(result.totals.costUsd)}
                </div>
              </div>
              <div>
                <div className="muted">Margin</div>
                <div className="stat">{formatUsd(result.totals.marginUsd)}</div>
              </div>
              <div>
                <div className="muted">Margin %</div>
                <div className="stat">{pct(result.totals.marginPct)}</div>
              </div>
              {result.projection && (
                <div data-testid="projection">
                  <div className="muted">
                    Projected to month end ({formatPercent(result.projection.elapsedShare, { digits: 0 })} elapsed)
                  </div>
                  <div className="stat">{formatUsd(result.projection.costUsd)}</div>
                  <div className="muted">
                    margin {formatUsd(result.projection.marginUsd)} ({pct(result.projection.marginPct)}); revenue to
                    date {formatUsd(result.projection.revenueToDateUsd)}
                  </div>
                  {result.projection.underWater.length > 0 && (
                    <div className="error-text" data-testid="under-water">
                      Under water (projected cost above revenue): {result.projection.underWater.join(", ")}
                    </div>
                  )}
                </div>
              )}
            </div>
            <p className="muted">Prices: {result.catalogVersion}.</p>
          </div>
          {result.unpriced.length > 0 && (
            <p className="notice error" role="status">
              Unpriced usage is not in these costs:{" "}
              {result.unpriced.map((u) => `${u.model || "(no model)"} (${u.kind})`).join(", ")}.
            </p>
          )}
          <div className="panel">
            <div className="form-row" style={{ justifyContent: "space-between" }}>
              <h2>Margins by tenant, {month}</h2>
              <a className="button secondary" href={`/api/v1/margins?month=${month}&format=csv`} download>
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
          </div>
        </>
      )}
      {trend && (
        <div className="panel">
          <h2>Last 12 months</h2>
          <MarginTrendChart points={trend} />
        </div>
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
