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
import { TierBadge } from "@/components/alerts/tier-badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/section-tabs";
import { PageLoading, urlKey } from "@/components/ui/page-loading";

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
    <div className="rounded-lg border bg-card p-3 shadow-xs" aria-label={label}>
      <div className="text-sm text-muted-foreground">{label}</div>
      {/* "stat" marks the figure for the browser tests (no style of its own). */}
      <div className="stat text-xl font-semibold tabular-nums">{format(now)}</div>
      <div className="text-xs text-muted-foreground">
        <span className={worse && change !== "new" && change !== "n/a" ? "text-destructive" : undefined}>{change}</span>{" "}
        · before {format(before)}
      </div>
    </div>
  );
}

function Tiles({ now, before }: { now: OverviewTotals; before: OverviewTotals }) {
  return (
    <div className="mb-4 grid grid-cols-[repeat(auto-fit,minmax(150px,1fr))] gap-3">
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
          <TierBadge tier={item.tier} />
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
          <TierBadge tier="page" />
          <span className="text-destructive">
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
          <TierBadge tier="tickets" />
          <Link href="/alerts/tickets?status=open">
            {item.open} open{item.acknowledged ? `, ${item.acknowledged} acknowledged` : ""}
          </Link>
          <span>{item.assignee ? `for ${item.assignee}` : "with nobody assigned"}</span>
        </>
      );
    case "margin":
      return (
        <>
          <TierBadge tier="margin" />
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
          <TierBadge tier="cache" />
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
          <TierBadge tier="quality" />
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
    <Card aria-label="Needs attention">
      <h2 className="mt-0">Needs attention</h2>
      {items.length === 0 ? (
        <p className="m-0 text-sm text-success">
          Nothing firing, no open tickets, no tenant under its margin floor, no feature worse than its last week.
        </p>
      ) : (
        <ul className="m-0 grid list-none gap-2 p-0 text-sm [&>li]:flex [&>li]:flex-wrap [&>li]:items-baseline [&>li]:gap-2.5">
          {items.map((item, i) => (
            <li key={i}>
              <AttentionLine item={item} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

async function OverviewPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext();
  const raw = await searchParams;
  const { period } = overviewParams.parse({ period: Array.isArray(raw.period) ? raw.period[0] : raw.period });
  const [summary, result] = await Promise.all([
    ingestSummary({ ctx }).catch(storeDownAs(null, "overview")),
    overview({ ctx, period }).catch(storeDownAs(null, "overview")),
  ]);
  return (
    <section>
      <PageHeader title="Overview">
        {summary?.lastSpanAt && (
          <span className="text-muted-foreground">
            Last span received <LocalTime value={summary.lastSpanAt.toISOString()} />
          </span>
        )}
      </PageHeader>
      <PeriodTabs period={period} />
      {(!summary || !result) && <StoreDown />}
      {summary && summary.lastSpanAt === null && (
        <Card>
          <h2>No traces received yet</h2>
          <p>Point any OpenTelemetry exporter at this server and create an API key under Settings → API keys:</p>
          <pre>{`OTEL_EXPORTER_OTLP_ENDPOINT=${"<this server's URL>"}\nOTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer <your API key>`}</pre>
        </Card>
      )}
      {/* A project that never received a span sees how to send one, not a page of empty charts. */}
      {result && summary?.lastSpanAt && (
        <>
          <NeedsAttention items={result.attention} />
          <Tiles now={result.totals} before={result.previousTotals} />
          <Card>
            <OverviewCharts
              points={result.chart.points}
              interval={result.chart.interval}
              scores={result.chart.scores}
            />
          </Card>
          <Card>
            <h2 className="mt-0">Features</h2>
            <FeatureTable rows={result.features} qualityScore={result.chart.scores[0] ?? null} />
          </Card>
          <p className="text-sm text-muted-foreground">
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
  return <LinkTabs label="Period" tabs={PERIOD_TABS.map((t) => ({ ...t, current: t.period === period }))} />;
}

export default async function OverviewPage(props: Parameters<typeof OverviewPageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <OverviewPageContent {...props} />
    </PageLoading>
  );
}
