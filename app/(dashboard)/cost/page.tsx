import Link from "next/link";
import { BreakdownTable } from "@/components/cost/breakdown-table";
import { CostParetoSection, CostSummary, UnpricedNotice } from "@/components/cost/cost-summary";
import { CostSeriesChart } from "@/components/cost/cost-charts";
import { CostFilters } from "@/components/cost/cost-filters";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { costExplorer, explorerParams } from "@/lib/cost/cost-explorer";
import { attributionValues } from "@/lib/usage/attribution-values";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { PageHeader } from "@/components/ui/page-header";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const queryString = (values: Record<string, string | undefined>) =>
  new URLSearchParams(
    Object.entries(values).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  ).toString();

async function CostPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const raw = await searchParams;
  const params = explorerParams.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const [result, suggestions] = await Promise.all([
    costExplorer({ ctx, params }).catch(storeDownAs(null, "cost")),
    attributionValues({ ctx }).catch(storeDownAs(null, "cost.suggestions")),
  ]);
  const state: Record<string, string | undefined> = { ...params };
  const drillDown = (key: string) =>
    `/cost?${queryString({ ...state, [params.by]: key, by: params.by === "feature" ? "model" : "feature" })}`;
  return (
    <section>
      <PageHeader title="Cost">
        <Link href="/cost/prices">Prices</Link>
      </PageHeader>
      <CostFilters params={params} suggestions={suggestions} />
      {!result && <StoreDown />}
      {result && (
        <>
          <CostSummary result={result} />
          <UnpricedNotice result={result} />
          <Card>
            <h2>Cost over time by {result.by}</h2>
            <CostSeriesChart points={result.series.points} keys={result.series.keys} interval={result.interval} />
          </Card>
          <Card>
            <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
              <h2>Breakdown by {result.by}</h2>
              <a
                className={buttonVariants({ variant: "secondary" })}
                href={`/api/v1/cost/explorer?${queryString({ ...state, format: "csv" })}`}
                download
              >
                Export CSV
              </a>
            </div>
            <BreakdownTable result={result} hrefFor={drillDown} />
          </Card>
          <CostParetoSection result={result} />
        </>
      )}
    </section>
  );
}

export default async function CostPage(props: Parameters<typeof CostPageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <CostPageContent {...props} />
    </PageLoading>
  );
}
