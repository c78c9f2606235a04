import Link from "next/link";
import { CompareTable } from "@/components/traces/compare-table";
import { pageContext } from "@/lib/auth/page-context";
import { diffTraces } from "@/lib/traces/compare";
import { findBaselineTrace } from "@/lib/traces/find-baseline";
import { getTrace } from "@/lib/traces/get-trace";
import { missingAs, notFoundAs } from "@/lib/api/page-fallbacks";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { BackLink } from "@/components/ui/page-header";

type Props = {
  params: Promise<{ traceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function ComparePageContent({ params, searchParams }: Props) {
  const { ctx } = await pageContext("project.read");
  const { traceId } = await params;
  const chosen = (await searchParams).with;
  const target = await getTrace({ ctx, traceId }).catch(notFoundAs("trace compare"));
  const withId =
    (typeof chosen === "string" && /^[0-9a-f]{32}$/i.test(chosen) ? chosen : null) ??
    (await findBaselineTrace({ ctx, traceId, feature: target.feature }));
  const base = withId
    ? await getTrace({ ctx, traceId: withId }).catch(missingAs(null, "trace compare baseline"))
    : null;
  return (
    <section>
      <BackLink href={`/traces/${traceId}`}>Back to the trace</BackLink>
      <h1>Compare</h1>
      <form className={cn(cardClass, "flex flex-wrap items-end gap-3")} method="get">
        <Field>
          Compare with trace id
          <Input name="with" defaultValue={base?.traceId ?? ""} size={36} pattern="[0-9a-fA-F]{32}" />
        </Field>
        <Button type="submit">Compare</Button>
      </form>
      {!base ? (
        <Alert role="status">
          {withId
            ? "That trace was not found in this project."
            : `No successful trace of feature "${target.feature || "(none)"}" in the last 30 days to compare with.`}
        </Alert>
      ) : (
        <>
          <p>
            This run <Link href={`/traces/${target.traceId}`}>{target.traceId.slice(0, 12)}…</Link> ({target.status})
            against <Link href={`/traces/${base.traceId}`}>{base.traceId.slice(0, 12)}…</Link> ({base.status},{" "}
            {base.startTime.slice(0, 16).replace("T", " ")} UTC).
          </p>
          <CompareTable diff={diffTraces(base.spans, target.spans)} />
        </>
      )}
    </section>
  );
}

export default async function ComparePage(props: Parameters<typeof ComparePageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <ComparePageContent {...props} />
    </PageLoading>
  );
}
