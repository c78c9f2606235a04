import Link from "next/link";
import { FeatureTable } from "@/components/overview/feature-table";
import { OverviewCharts } from "@/components/overview/overview-charts";
import { StoreDown } from "@/components/ui/states";
import { LocalTime } from "@/components/ui/local-time";
import { formatConditionValue } from "@/lib/alerts/metric-catalog";
import { pageContext } from "@/lib/auth/page-context";
import {
  formatChange,
  formatCount,
  formatDuration,
  formatPercent,
  formatScore,
  formatTokens,
  formatUsd,
} from "@/lib/format/number";
import { ingestSummary } from "@/lib/overview/ingest-summary";
import {
  OVERVIEW_PERIODS,
  overview,
  overviewParams,
  type AttentionItem,
  type Overview,
  type OverviewTotals,
} from "@/lib/overview/overview";
import { storeDownAs } from "@/lib/api/page-fallbacks";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const PERIOD_TABS = Object.keys(OVERVIEW_PERIODS).map((p) => ({
  href: `/?period=${p}`,
  label: `Last ${p}`,
  period: p,
}));

function Tile({
  label,
  now,
  before,
  format,
  lowerIsBetter = false,
}: {
  label: string;
  now: number | null;
  before: number | null;
  format: (v: number | null) => string;
  lowerIsBetter?: boolean;
}) {
  const change = formatChange(now, before);
  const worse = now !== null && before !== null && (lowerIsBetter ? now > before : now < before) && change !== "0%";
  return (
    <div className="tile" aria-label={label}>
      <div className="muted">{label}</div>
      <div className="stat">{format(now)}</div>
      <div className="muted">
        <span className={worse && change !== "new" && change !== "n/a" ? "error-text" : undefined}>{change}</span> ·
        before {format(before)}
      </div>
    </div>
  );
}

function Tiles({ now, before }: { now: OverviewTotals; before: OverviewTotals }) {
  return (
    <div className="tile-grid">
      <Tile label="Requests" now={now.requests} before={before.requests} format={formatCount} />
      <Tile
        label="Error rate"
        now={now.errorRate}
        before={before.errorRate}
        format={(v) => formatPercent(v)}
        lowerIsBetter
      />
      <Tile label="p95 latency" now={now.p95Ms} before={before.p95Ms} format={formatDuration} lowerIsBetter />
      <Tile
        label="Time to first token"
        now={now.avgTtftMs}
        before={before.avgTtftMs}
        format={formatDuration}
        lowerIsBetter
      />
      <Tile
        label="Tokens"
        now={now.inputTokens + now.outputTokens}
        before={before.inputTokens + before.outputTokens}
        format={formatTokens}
      />
      <Tile
        label="Cache hit rate"
        now={now.cacheHitRate}
        before={before.cacheHitRate}
        format={(v) => formatPercent(v)}
      />
      <Tile label="AI cost" now={now.costUsd} before={before.costUsd} format={(v) => formatUsd(v)} lowerIsBetter />
      <Tile
        label="Cost per request"
        now={now.costPerRequestUsd}
        before={before.costPerRequestUsd}
        format={(v) => formatUsd(v)}
        lowerIsBetter
      />
    </div>
  );
}

function AttentionLine({ item }: { item: AttentionItem }) {
  switch (item.kind) {
    case "firing":
      return (
        <>
          <span className={`tier ${item.tier}`}>{item.tier}</span>
          <Link href={`/alerts/rules/${item.ruleId}`}>{item.rule}</Link>
          <span>
            {item.group}: {item.metric}
            {item.baseline ? " changed" : " is"} {formatConditionValue(item, item.value)}
          </span>
        </>
      );
    case "silent":
      return (
        <>
          <span className="tier page">silent</span>
          <span className="error-text">
            {item.rules.length} rule(s) would reach nobody (no channel
            {item.rules.some((r) => r.tier === "ticket") ? " or owner" : ""}):
          </span>
          {item.rules.map((r) => (
            <Link key={r.ruleId} href={`/alerts/rules/${r.ruleId}`} title={r.reason}>
              {r.rule}
            </Link>
          ))}
        </>
      );
    case "tickets":
      return (
        <>
          <span className="tier">tickets</span>
          <Link href="/alerts/tickets?status=open">
            {item.open} open{item.acknowledged ? `, ${item.acknowledged} acknowledged` : ""}
          </Link>
          <span>{item.assignee ? `for ${item.assignee}` : "with nobody assigned"}</span>
        </>
      );
    case "margin":
      return (
        <>
          <span className="tier">margin</span>
          <Link href="/finance">{item.tenant || "(no tenant)"}</Link>
          <span>
            margin {item.marginPct === null ? "n/a (no revenue)" : formatPercent(item.marginPct / 100)} this month:{" "}
            {formatUsd(item.costUsd)} AI cost on {formatUsd(item.revenueUsd)} revenue
          </span>
        </>
      );
    case "cache_drop":
      return (
        <>
          <span className="tier">cache</span>
          <Link href={`/cost?feature=${encodeURIComponent(item.feature)}&by=model`}>{item.feature}</Link>
          <span>
            cache hit rate {formatPercent(item.lastWeek)} in the last 7 days, {formatPercent(item.weekBefore)} the week
            before
          </span>
        </>
      );
    case "quality_drop":
      return (
        <>
          <span className="tier">quality</span>
          <Link href={`/quality?feature=${encodeURIComponent(item.feature)}&name=${encodeURIComponent(item.score)}`}>
            {item.feature}
          </Link>
          <span>
            {item.score} {formatScore(item.lastWeek)} in the last 7 days, {formatScore(item.weekBefore)} the week before
          </span>
        </>
      );
  }
}

function NeedsAttention({ items }: { items: Overview["attention"] }) {
  return (
    <div className="panel" aria-label="Needs attention">
      <h2 style={{ marginTop: 0 }}>Needs attention</h2>
      {items.length === 0 ? (
        <p className="ok-text">
          Nothing firing, no open tickets, no tenant under its margin floor, no feature worse than its last week.
        </p>
      ) : (
        <ul className="attention">
          {items.map((item, i) => (
            <li key={i}>
              <AttentionLine item={item} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext();
  const raw = await searchParams;
  const { period } = overviewParams.parse({ period: Array.isArray(raw.period) ? raw.period[0] : raw.period });
  const [summary, result] = await Promise.all([
    ingestSummary({ ctx }).catch(storeDownAs(null, "overview")),
    overview({ ctx, period }).catch(storeDownAs(null, "overview")),
  ]);
  return (
    <section>
      <div className="form-row" style={{ justifyContent: "space-between", alignItems: "baseline" }}>
        <h1>Overview</h1>
        {summary?.lastSpanAt && (
          <span className="muted">
            Last span received <LocalTime value={summary.lastSpanAt.toISOString()} />
          </span>
        )}
      </div>
      <PeriodTabs period={period} />
      {(!summary || !result) && <StoreDown />}
      {summary && summary.lastSpanAt === null && (
        <div className="panel">
          <h2>No traces received yet</h2>
          <p>Point any OpenTelemetry exporter at this server and create an API key under Settings → API keys:</p>
          <pre>{`OTEL_EXPORTER_OTLP_ENDPOINT=${"<this server's URL>"}\nOTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer <your API key>`}</pre>
        </div>
      )}
      {/* A project that never received a span sees how to send one, not a page of empty charts. */}
      {result && summary?.lastSpanAt && (
        <>
          <NeedsAttention items={result.attention} />
          <Tiles now={result.totals} before={result.previousTotals} />
          <div className="panel">
            <OverviewCharts
              points={result.chart.points}
              interval={result.chart.interval}
              scores={result.chart.scores}
            />
          </div>
          <div className="panel">
            <h2 style={{ marginTop: 0 }}>Features</h2>
            <FeatureTable rows={result.features} qualityScore={result.chart.scores[0] ?? null} />
          </div>
          <p className="muted">
            {formatCount(result.totals.requests)} requests (root spans) from{" "}
            <LocalTime value={result.from} seconds={false} /> to <LocalTime value={result.to} seconds={false} />,
            against the same length before.
            {result.totals.gpuHours > 0 && (
              <>
                {" "}
                GPU: {formatScore(result.totals.gpuHours)} GPU-hours, utilisation on{" "}
                <Link href="/serving">Serving</Link>.
              </>
            )}
            {result.unpricedModels > 0 && (
              <>
                {" "}
                Some usage has no price: see <Link href="/cost">Cost</Link>.
              </>
            )}
          </p>
        </>
      )}
    </section>
  );
}

/** The period is the URL's state; the tab for it is marked. */
function PeriodTabs({ period }: { period: string }) {
  return (
    <nav className="tabs" aria-label="Period">
      {PERIOD_TABS.map((t) => (
        <Link key={t.href} href={t.href} aria-current={t.period === period ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
