import Link from "next/link";
import { TraceView } from "@/components/traces/trace-view";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { getTrace } from "@/lib/traces/get-trace";
import { storeDownAs } from "@/lib/api/page-fallbacks";

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { ctx } = await pageContext("project.read");
  const { traceId } = await params;
  const trace = await getTrace({ ctx, traceId }).catch(storeDownAs(null, "trace", { notFound: true }));
  return (
    <>
      <Link href="/traces">← Traces</Link>
      {trace ? <TraceView trace={trace} /> : <StoreDown />}
    </>
  );
}
