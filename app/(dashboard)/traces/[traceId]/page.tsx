import Link from "next/link";
import { notFound } from "next/navigation";
import { TraceView } from "@/components/traces/trace-view";
import { StoreDown } from "@/components/ui/states";
import { ServiceError } from "@/lib/api/errors";
import { pageContext } from "@/lib/auth/page-context";
import { getTrace } from "@/lib/traces/get-trace";

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { ctx } = await pageContext("project.read");
  const { traceId } = await params;
  const trace = await getTrace({ ctx, traceId }).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    return null;
  });
  return (
    <>
      <Link href="/traces">← Traces</Link>
      {trace ? <TraceView trace={trace} /> : <StoreDown />}
    </>
  );
}
