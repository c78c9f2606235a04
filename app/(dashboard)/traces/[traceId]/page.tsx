import { TraceView } from "@/components/traces/trace-view";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { getTrace } from "@/lib/traces/get-trace";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { BackLink } from "@/components/ui/page-header";

async function TracePageContent({ params }: { params: Promise<{ traceId: string }> }) {
  const { ctx } = await pageContext("project.read");
  const { traceId } = await params;
  const trace = await getTrace({ ctx, traceId }).catch(storeDownAs(null, "trace", { notFound: true }));
  return (
    <>
      <BackLink href="/traces">Traces</BackLink>
      {trace ? <TraceView trace={trace} /> : <StoreDown />}
    </>
  );
}

export default async function TracePage(props: Parameters<typeof TracePageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <TracePageContent {...props} />
    </PageLoading>
  );
}
