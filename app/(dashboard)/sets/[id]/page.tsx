import { ExperimentList } from "@/components/experiments/experiment-list";
import { RunExperiment } from "@/components/experiments/run-experiment";
import type { ExperimentListEntry } from "@/components/experiments/types";
import { Card } from "@/components/ui/card";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { BackLink, PageHeader } from "@/components/ui/page-header";
import { Forbidden, StoreDown } from "@/components/ui/states";
import { Table, clipCell } from "@/components/ui/table";
import { decodePathParam } from "@/lib/api/path-param";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { pageContext } from "@/lib/auth/page-context";
import { experimentModels } from "@/lib/experiments/experiment-models";
import { listExperiments } from "@/lib/experiments/read-experiments";
import { formatCount } from "@/lib/format/number";
import { getSet } from "@/lib/sets/regression-sets";

type Props = { params: Promise<{ id: string }> };

const firstUserMessage = (input: unknown[]) =>
  (input as Array<{ role: string; content: string | null }>).find((m) => m.role === "user")?.content ?? "";

/** One set: its items, "Run experiment", and its experiments with their status. */
async function SetPageContent({ params }: Props) {
  const { ctx, forbidden } = await pageContext("experiments.run");
  if (forbidden) return <Forbidden what="A regression set's items and experiments" />;
  const id = decodePathParam((await params).id);
  const set = await getSet({ ctx, id }).catch(storeDownAs(null, "set", { notFound: true }));
  if (!set) return <StoreDown />;
  const [models, experiments] = await Promise.all([
    experimentModels({ ctx }).catch(storeDownAs([] as string[], "set.models")),
    listExperiments({ ctx, setId: id }).catch(storeDownAs(null, "set.experiments")),
  ]);
  return (
    <section>
      <BackLink href="/sets">Regression sets</BackLink>
      <PageHeader title={set.name} />
      <p className="text-muted-foreground">
        v{set.version}, {formatCount(set.items.length)} item(s). {set.description}
      </p>
      <h2 className="mt-6 mb-2 text-lg font-semibold">Run experiment</h2>
      <RunExperiment setId={set.id} version={set.version} models={models} />
      <h2 className="mt-6 mb-2 text-lg font-semibold">Experiments</h2>
      {experiments ? (
        <ExperimentList setId={set.id} initial={JSON.parse(JSON.stringify(experiments)) as ExperimentListEntry[]} />
      ) : (
        <StoreDown />
      )}
      <h2 className="mt-6 mb-2 text-lg font-semibold">Items (v{set.version})</h2>
      <Card>
        <Table aria-label="Set items">
          <thead>
            <tr>
              <th>Input</th>
              <th>Model</th>
              <th>Recorded output</th>
              <th>Expected output</th>
              <th>Label</th>
            </tr>
          </thead>
          <tbody>
            {set.items.map((i) => (
              <tr key={i.id}>
                <td className={clipCell}>{firstUserMessage(i.input)}</td>
                <td>{i.model}</td>
                <td className={clipCell}>{i.recordedOutput}</td>
                <td className={clipCell}>{i.expectedOutput ?? "–"}</td>
                <td>{i.label ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </section>
  );
}

export default async function SetPage(props: Props) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <SetPageContent {...props} />
    </PageLoading>
  );
}
