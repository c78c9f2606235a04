import Link from "next/link";
import { QualityDistributionChart, QualitySeriesChart } from "@/components/quality/quality-charts";
import { DIMENSION_LABEL, QualityFilters } from "@/components/quality/quality-filters";
import { fmt, LowestTraces, QualitySummaryTable, SideBySide } from "@/components/quality/quality-tables";
import { EmptyState, StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { qualityParams, qualityView } from "@/lib/quality/quality-view";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageLoading, urlKey } from "@/components/ui/page-loading";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const queryString = (values: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(values).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  ).toString();

async function QualityPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const raw = await searchParams;
  const params = qualityParams.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const view = await qualityView({ ctx, params }).catch(storeDownAs(null, "quality"));
  const selected = view?.selected ?? null;
  return (
    <section>
      <h1>Quality</h1>
      <QualityFilters params={params} names={view?.summary.map((s) => s.name) ?? []} shownName={selected?.name} />
      {!view && <StoreDown />}
      {view && view.orphans.count > 0 && (
        <Alert role="status">
          {view.orphans.count} score(s) name a trace that never arrived (orphaned), e.g. trace{" "}
          <code>{view.orphans.data[0]?.traceId}</code>. They are kept and listed by{" "}
          <a href="/api/v1/scores?status=orphaned">GET /api/v1/scores?status=orphaned</a>.
        </Alert>
      )}
      {view && view.summary.length === 0 && (
        <EmptyState title="No scores in this period">
          <p>
            Scores come from rule checks at ingest, <code>gen_ai.evaluation.*</code> on spans,{" "}
            <code>POST /api/v1/scores</code>, end-user feedback, reviewers on a trace, and the LLM judge (Settings).
          </p>
        </EmptyState>
      )}
      {view && view.summary.length > 0 && (
        <Card>
          <h2>
            Scores, last {params.range} against the {params.range} before
          </h2>
          <QualitySummaryTable
            summary={view.summary}
            selected={selected?.name ?? null}
            hrefFor={(name) => `/quality?${queryString({ ...params, name })}`}
          />
        </Card>
      )}
      {selected && (
        <>
          <Card>
            <h2>
              {selected.name}: average by {DIMENSION_LABEL[params.split]} (now {fmt(selected.avg)}, before{" "}
              {fmt(selected.previousAvg)})
            </h2>
            <QualitySeriesChart
              points={selected.series.points}
              keys={selected.series.keys}
              interval={selected.interval}
              name={selected.name}
            />
            {params.split === "model" && view!.models.some((m) => m.snapshots.some((s) => s !== m.model)) && (
              <p className="text-muted-foreground" aria-label="Model snapshots">
                Each model includes its dated snapshots:{" "}
                {view!.models
                  .filter((m) => m.snapshots.some((s) => s !== m.model))
                  .map((m) => `${m.model} (${m.snapshots.join(", ")})`)
                  .join("; ")}
              </p>
            )}
          </Card>
          <Card>
            <h2>
              Distribution of {selected.name} by {DIMENSION_LABEL[params.split]}
            </h2>
            <QualityDistributionChart
              bins={selected.distribution.bins}
              keys={selected.series.keys.length ? selected.series.keys : ["other"]}
              name={selected.name}
            />
          </Card>
          <Card>
            <h2>{selected.lowerIsBetter ? "Traces where it fired" : "Lowest-scoring traces"}</h2>
            <LowestTraces rows={selected.lowest} lowerIsBetter={selected.lowerIsBetter} />
            <p className="text-muted-foreground">
              <Link
                href={`/traces?${queryString({ feature: params.feature, tenant: params.tenant, model: params.model, from: view!.from, to: view!.to })}`}
              >
                All traces of this period
                {params.feature || params.tenant || params.model ? " with these feature, tenant and model filters" : ""}
              </Link>
            </p>
          </Card>
          <Card>
            <h2>Side by side</h2>
            <SideBySide compare={selected.compare} params={params} />
          </Card>
        </>
      )}
    </section>
  );
}

export default async function QualityPage(props: Parameters<typeof QualityPageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <QualityPageContent {...props} />
    </PageLoading>
  );
}
