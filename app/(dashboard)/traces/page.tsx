import Link from "next/link";
import { TraceFilters } from "@/components/traces/trace-filters";
import { TraceTable } from "@/components/traces/trace-table";
import { formatCount } from "@/lib/format/number";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { listTraces } from "@/lib/traces/list-traces";
import { parseTraceListParams, traceListHref } from "@/lib/traces/search-params";
import { attributionValues } from "@/lib/usage/attribution-values";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { Alert } from "@/components/ui/alert";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { FormRow } from "@/components/ui/label";
import { AddToSet } from "@/components/sets/add-to-set";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function TracesPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const params = await searchParams;
  const { query, range, ignored } = parseTraceListParams(params);
  // Text search reads payloads: roles without them get no search box, and a `q` in a shared link is dropped.
  const canSearch = can(ctx.role, "payloads.read");
  const searchDropped = !canSearch && query.q !== undefined;
  if (searchDropped) delete query.q;
  const current = Object.fromEntries(
    Object.entries(params).filter(
      ([k, v]) => !ignored.includes(k) && !(searchDropped && k === "q") && typeof v === "string" && k !== "cursor",
    ),
  ) as Record<string, string>;
  const [page, suggestions] = await Promise.all([
    listTraces({ ctx, query }).catch(storeDownAs(null, "traces")),
    attributionValues({ ctx }).catch(storeDownAs(null, "traces.suggestions")),
  ]);
  return (
    <section>
      <h1>Traces</h1>
      <TraceFilters
        current={{ ...current, range: range ?? current.range }}
        canSearch={canSearch}
        suggestions={suggestions}
      />
      {ignored.length > 0 && (
        <Alert role="status">
          Ignored invalid filter value{ignored.length > 1 ? "s" : ""}: {ignored.join(", ")}.
        </Alert>
      )}
      {searchDropped && (
        <Alert role="status">
          Text search reads prompts and answers, which your role does not see; the search was left out.
        </Alert>
      )}
      {!page && <StoreDown />}
      {page && (
        <p className="text-muted-foreground" data-testid="result-count">
          {page.data.length === 0
            ? "No traces"
            : `${formatCount(page.data.length)} trace${page.data.length === 1 ? "" : "s"}${params.cursor ? " (older page)" : ", newest first"}`}
          {page.nextCursor ? "; more below" : ""}
        </p>
      )}
      {page && <TraceTable traces={page.data} highlight={canSearch ? query.q : undefined} />}
      {page && page.data.length > 0 && can(ctx.role, "experiments.run") && (
        <AddToSet filter={{ ...query, cursor: undefined, limit: undefined }} />
      )}
      <FormRow>
        {params.cursor && <Link href={traceListHref(current, { cursor: null })}>Newest</Link>}
        {page?.nextCursor && <Link href={traceListHref(current, { cursor: page.nextCursor })}>Older traces →</Link>}
      </FormRow>
    </section>
  );
}

export default async function TracesPage(props: Parameters<typeof TracesPageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <TracesPageContent {...props} />
    </PageLoading>
  );
}
