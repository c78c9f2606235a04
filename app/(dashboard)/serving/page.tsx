import { LocalTime } from "@/components/ui/local-time";
import { GpuMemoryChart, GpuUtilizationChart, LatencyChart } from "@/components/serving/serving-charts";
import { GpuTable, LatencyTiles, NoGpuMetrics, NoLatencyMetrics } from "@/components/serving/serving-panels";
import { formatCount } from "@/lib/format/number";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { TOKEN_USAGE_METRIC } from "@/lib/metrics/metric-names";
import { SERVING_RANGES, servingQuery, servingRange } from "@/lib/metrics/metrics-query";
import { readGpuMetrics } from "@/lib/metrics/read-gpu-metrics";
import { readServingMetrics } from "@/lib/metrics/read-serving-metrics";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { Button } from "@/components/ui/button";
import { Card, cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { PageLoading, urlKey } from "@/components/ui/page-loading";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function ServingPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const raw = (await searchParams).range;
  const range = servingRange(Array.isArray(raw) ? raw[0] : raw);
  const query = servingQuery(range);
  const result = await Promise.all([readGpuMetrics({ ctx, query }), readServingMetrics({ ctx, query })]).catch(
    storeDownAs(null, "serving"),
  );
  const [gpu, serving] = result ?? [null, null];
  const anyLatency = serving ? Object.values(serving.figures).some((f) => f.count > 0) : false;
  return (
    <section>
      <h1>Serving</h1>
      <form
        className={cn(cardClass, "flex flex-wrap items-end gap-3")}
        method="get"
        action="/serving"
        aria-label="Serving filters"
      >
        <Field>
          Period
          <Select name="range" defaultValue={range}>
            {Object.keys(SERVING_RANGES).map((r) => (
              <option key={r} value={r}>
                last {r}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit">Apply</Button>
        {gpu && (
          <span className="text-muted-foreground">
            <LocalTime value={gpu.from} /> to <LocalTime value={gpu.to} />, {gpu.interval} buckets
          </span>
        )}
      </form>
      {!result && <StoreDown />}
      {serving && (
        <Card>
          <h2>Serving-engine latency</h2>
          {anyLatency ? (
            <>
              <LatencyTiles figures={serving.figures} />
              <LatencyChart series={serving.series} interval={serving.interval} />
            </>
          ) : (
            <NoLatencyMetrics />
          )}
          {serving.tokens.byModel.length > 0 && (
            <p data-testid="token-usage">
              Tokens (<code>{TOKEN_USAGE_METRIC}</code>): {formatCount(serving.tokens.inputTokens)} in /{" "}
              {formatCount(serving.tokens.outputTokens)} out
              {serving.tokens.byModel.length > 1 && ` across ${serving.tokens.byModel.length} models`}.
            </p>
          )}
        </Card>
      )}
      {gpu && (
        <Card>
          <h2>GPUs</h2>
          {gpu.gpus.length === 0 ? (
            <NoGpuMetrics />
          ) : (
            <>
              <h3>Utilization</h3>
              <GpuUtilizationChart gpus={gpu.gpus} interval={gpu.interval} />
              <h3>Memory used</h3>
              <GpuMemoryChart gpus={gpu.gpus} interval={gpu.interval} />
              <GpuTable gpus={gpu.gpus} />
            </>
          )}
        </Card>
      )}
    </section>
  );
}

export default async function ServingPage(props: Parameters<typeof ServingPageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <ServingPageContent {...props} />
    </PageLoading>
  );
}
