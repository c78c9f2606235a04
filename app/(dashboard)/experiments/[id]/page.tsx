import { ExperimentResults } from "@/components/experiments/experiment-results";
import type { ExperimentListEntry } from "@/components/experiments/types";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { BackLink, PageHeader } from "@/components/ui/page-header";
import { Forbidden, StoreDown } from "@/components/ui/states";
import { decodePathParam } from "@/lib/api/path-param";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { pageContext } from "@/lib/auth/page-context";
import { getExperiment, listExperiments } from "@/lib/experiments/read-experiments";
import { formatUsd } from "@/lib/format/number";

type Props = { params: Promise<{ id: string }> };

/** One experiment: the aggregate and the items against the recorded answers or another run. */
async function ExperimentPageContent({ params }: Props) {
  const { ctx, forbidden } = await pageContext("experiments.run");
  if (forbidden) return <Forbidden what="Experiment results" />;
  const id = decodePathParam((await params).id);
  const experiment = await getExperiment({ ctx, id }).catch(storeDownAs(null, "experiment", { notFound: true }));
  if (!experiment) return <StoreDown />;
  const others = (
    await listExperiments({ ctx, setId: experiment.setId }).catch(storeDownAs([], "experiment.others"))
  ).filter((e) => e.id !== id);
  const { variant } = experiment;
  return (
    <section>
      <BackLink href={`/sets/${experiment.setId}`}>The set</BackLink>
      <PageHeader title={`Experiment: ${variant.model} on set v${experiment.setVersion}`} />
      <p className="text-muted-foreground">
        {variant.systemPrompt ? "System prompt replaced. " : "Recorded system prompt. "}
        {Object.entries(variant.parameters ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}
        {" · "}cost cap {formatUsd(experiment.costCapUsd)} · concurrency {experiment.concurrency} ·{" "}
        <a href={`/traces/${experiment.traceId}`}>the run&apos;s trace</a>
      </p>
      <ExperimentResults experimentId={id} others={JSON.parse(JSON.stringify(others)) as ExperimentListEntry[]} />
    </section>
  );
}

export default async function ExperimentPage(props: Props) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <ExperimentPageContent {...props} />
    </PageLoading>
  );
}
