import Link from "next/link";
import { TraceFilters } from "@/components/traces/trace-filters";
import { TraceTable } from "@/components/traces/trace-table";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { listTraces } from "@/lib/traces/list-traces";
import { parseTraceListParams, traceListHref } from "@/lib/traces/search-params";
import { storeDownAs } from "@/lib/api/page-fallbacks";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TracesPage({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const params = await searchParams;
  const { query, range, ignored } = parseTraceListParams(params);
  // Text search reads payloads: roles without them get no search box, and a `q` in a shared link is dropped.
  const canSearch = can(ctx.role, "payloads.read");
  const searchDropped = !canSearch && query.q !== undefined;
  if (searchDropped) delete query.q;
  const current = Object.fromEntries(Object.entries(params).filter(([k, v]) => !ignored.includes(k) && !(searchDropped && k === "q") && typeof v === "string" && k !== "cursor")) as Record<string, string>;
  const page = await listTraces({ ctx, query }).catch(storeDownAs(null, "traces"));
  return (
    <section>
      <h1>Traces</h1>
      <TraceFilters current={{ ...current, range: range ?? current.range }} canSearch={canSearch} />
      {ignored.length > 0 && (
        <p className="notice" role="status">Ignored invalid filter value{ignored.length > 1 ? "s" : ""}: {ignored.join(", ")}.</p>
      )}
      {searchDropped && <p className="notice" role="status">Text search reads prompts and answers, which your role does not see; the search was left out.</p>}
      {!page && <StoreDown />}
      {page && <TraceTable traces={page.data} />}
      <div className="form-row">
        {params.cursor && <Link href={traceListHref(current, { cursor: null })}>Newest</Link>}
        {page?.nextCursor && <Link href={traceListHref(current, { cursor: page.nextCursor })}>Older traces →</Link>}
      </div>
    </section>
  );
}
