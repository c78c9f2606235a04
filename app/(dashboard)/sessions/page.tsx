import Link from "next/link";
import { SessionTable } from "@/components/sessions/session-table";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { formatCount } from "@/lib/format/number";
import { listSessions } from "@/lib/sessions/list-sessions";
import { parseSessionListParams, sessionListHref } from "@/lib/sessions/search-params";
import { TIME_RANGES } from "@/lib/traces/search-params";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const params = await searchParams;
  const { query, current, ignored } = parseSessionListParams(params);
  const page = await listSessions({ ctx, query }).catch(storeDownAs(null, "sessions"));
  return (
    <section>
      <h1>Sessions</h1>
      <form className="form-row panel" method="get" aria-label="Session filters">
        <label>
          Status
          <select name="status" defaultValue={current.status ?? ""}>
            <option value="">All</option>
            <option value="error">With a failed turn</option>
            <option value="ok">No failed turn</option>
          </select>
        </label>
        <label>
          End user
          <input name="userId" defaultValue={current.userId ?? ""} />
        </label>
        <label>
          Tenant
          <input name="tenant" defaultValue={current.tenant ?? ""} />
        </label>
        <label>
          Feature
          <input name="feature" defaultValue={current.feature ?? ""} />
        </label>
        <label>
          Model
          <input name="model" defaultValue={current.model ?? ""} />
        </label>
        <label>
          Min turns
          <input name="minTurns" type="number" min={1} defaultValue={current.minTurns ?? ""} />
        </label>
        <label>
          Period
          <select name="range" defaultValue={current.range ?? ""}>
            <option value="">Last 30 days</option>
            {Object.keys(TIME_RANGES).map((r) => (
              <option key={r} value={r}>
                Last {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      {ignored.length > 0 && (
        <p className="notice" role="status">
          Ignored invalid filter value{ignored.length > 1 ? "s" : ""}: {ignored.join(", ")}.
        </p>
      )}
      {!page && <StoreDown />}
      {page && (
        <p className="muted" data-testid="result-count">
          {page.data.length === 0
            ? "No sessions"
            : `${formatCount(page.data.length)} session${page.data.length === 1 ? "" : "s"}${params.cursor ? " (older page)" : ", newest first"}`}
          {page.nextCursor ? "; more below" : ""}
        </p>
      )}
      {page && <SessionTable sessions={page.data} />}
      <div className="form-row">
        {params.cursor && <Link href={sessionListHref(current, { cursor: null })}>Newest</Link>}
        {page?.nextCursor && <Link href={sessionListHref(current, { cursor: page.nextCursor })}>Older sessions →</Link>}
      </div>
    </section>
  );
}
