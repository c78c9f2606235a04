import { pageContext } from "@/lib/auth/page-context";
import { ingestSummary, type IngestSummary } from "@/lib/overview/ingest-summary";
import { StoreDown } from "@/components/ui/states";
import Link from "next/link";
import { firingDashboardAlerts } from "@/lib/alerts/rules";
import { storeDownAs } from "@/lib/api/page-fallbacks";

export default async function OverviewPage() {
  const { ctx } = await pageContext();
  const summary: IngestSummary | null = await ingestSummary({ ctx }).catch(storeDownAs(null, "overview"));
  const banners = await firingDashboardAlerts(ctx).catch(storeDownAs([], "overview alerts"));
  return (
    <section>
      <h1>Overview</h1>
      {banners.map((b) => (
        <div key={`${b.ruleId}-${b.groupKey}`} className="notice error" role="alert" aria-label="Dashboard alert" style={{ marginBottom: ".6rem" }}>
          <strong>{b.ruleName}</strong>{b.groupKey ? ` (${b.groupKey.replaceAll("|", ", ")})` : ""}: {b.metric} is {b.value === null ? "no data" : Number(b.value.toFixed(4))}, threshold {b.threshold}.{" "}
          <Link href="/alerts">Alerts</Link>
        </div>
      ))}
      {!summary && <StoreDown />}
      {summary && summary.lastSpanAt === null && (
        <div className="panel">
          <h2>No traces received yet</h2>
          <p>Point any OpenTelemetry exporter at this server and create an API key under Settings → API keys:</p>
          <pre>{`OTEL_EXPORTER_OTLP_ENDPOINT=${"<this server's URL>"}\nOTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer <your API key>`}</pre>
        </div>
      )}
      {summary && summary.lastSpanAt && (
        <div className="stat-grid">
          <div className="panel"><div className="muted">Traces, last 24 h</div><div className="stat">{summary.tracesLastDay.toLocaleString("en-US")}</div></div>
          <div className="panel"><div className="muted">Spans, last 24 h</div><div className="stat">{summary.spansLastDay.toLocaleString("en-US")}</div></div>
          <div className="panel"><div className="muted">Last span received</div><div>{summary.lastSpanAt.toISOString()}</div></div>
        </div>
      )}
    </section>
  );
}
