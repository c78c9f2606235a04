import Link from "next/link";
import { SessionTable } from "@/components/sessions/session-table";
import { PeriodForm } from "@/components/users/period-form";
import { StoreDown } from "@/components/ui/states";
import { LocalTime } from "@/components/ui/local-time";
import { decodePathParam } from "@/lib/api/path-param";
import { pageContext } from "@/lib/auth/page-context";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { formatCount, formatScore, formatUsd } from "@/lib/format/number";
import { getEndUser } from "@/lib/users/get-end-user";
import { parseEndUserParams } from "@/lib/users/search-params";

type Props = {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function EndUserPage({ params, searchParams }: Props) {
  const { ctx } = await pageContext("project.read");
  const userId = decodePathParam((await params).userId);
  const { range, tenant, from, to } = parseEndUserParams(await searchParams);
  const user = await getEndUser({ ctx, userId, query: { from, to, tenant } }).catch(
    storeDownAs(null, "user", { notFound: true }),
  );
  return (
    <>
      <Link href="/users">← End users</Link>
      <section>
        <h1>End user {userId}</h1>
        <PeriodForm range={range} tenant={tenant} />
        {!user && <StoreDown />}
        {user && (
          <>
            <div className="form-row panel" aria-label="End user totals">
              <span>
                Cost: <strong>{formatUsd(user.costUsd)}</strong>
              </span>
              <span>
                Tokens: <strong>{formatCount(user.inputTokens + user.outputTokens)}</strong>
              </span>
              <span>
                Sessions: <strong>{formatCount(user.sessions)}</strong>
              </span>
              <span>
                Traces: <strong>{formatCount(user.traces)}</strong>
              </span>
              <span className={user.errorSpans > 0 ? "error-text" : undefined}>
                Error spans: <strong>{formatCount(user.errorSpans)}</strong>
              </span>
              <span>Last seen: {user.lastSeen ? <LocalTime value={user.lastSeen} /> : "–"}</span>
            </div>
            <div className="panel">
              <h2>By tenant</h2>
              <table aria-label="By tenant">
                <thead>
                  <tr>
                    <th>Tenant</th>
                    <th>Tokens</th>
                    <th>Cost</th>
                  </tr>
                </thead>
                <tbody>
                  {user.byTenant.map((t) => (
                    <tr key={t.tenant}>
                      <td>{t.tenant || <span className="muted">(none)</span>}</td>
                      <td>{formatCount(t.inputTokens + t.outputTokens)}</td>
                      <td>{formatUsd(t.costUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h2>Quality</h2>
              {user.quality.length === 0 ? (
                <p className="muted">No scores on this user&apos;s traces in the period.</p>
              ) : (
                <ul>
                  {user.quality.map((q) => (
                    <li key={q.name}>
                      {q.name}: {formatScore(q.average)} over {formatCount(q.count)} scores
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <h2>Newest sessions</h2>
            <SessionTable sessions={user.recentSessions} />
          </>
        )}
      </section>
    </>
  );
}
