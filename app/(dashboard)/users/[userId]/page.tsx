import { SessionTable } from "@/components/sessions/session-table";
import { PeriodForm } from "@/components/users/period-form";
import { Card } from "@/components/ui/card";
import { FormRow } from "@/components/ui/label";
import { BackLink, PageHeader } from "@/components/ui/page-header";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { StoreDown } from "@/components/ui/states";
import { Table } from "@/components/ui/table";
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

async function EndUserPageContent({ params, searchParams }: Props) {
  const { ctx } = await pageContext("project.read");
  const userId = decodePathParam((await params).userId);
  const { range, tenant, from, to } = parseEndUserParams(await searchParams);
  const user = await getEndUser({ ctx, userId, query: { from, to, tenant } }).catch(
    storeDownAs(null, "user", { notFound: true }),
  );
  return (
    <>
      <BackLink href="/users">End users</BackLink>
      <section>
        <PageHeader title={`End user ${userId}`} />
        <PeriodForm range={range} tenant={tenant} />
        {!user && <StoreDown />}
        {user && (
          <>
            <Card>
              <FormRow className="items-center" aria-label="End user totals">
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
                <span className={user.errorSpans > 0 ? "text-destructive" : undefined}>
                  Error spans: <strong>{formatCount(user.errorSpans)}</strong>
                </span>
                <span>Last seen: {user.lastSeen ? <LocalTime value={user.lastSeen} /> : "–"}</span>
              </FormRow>
            </Card>
            <Card>
              <h2>By tenant</h2>
              <Table aria-label="By tenant" className="mb-4">
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
                      <td>{t.tenant || <span className="text-muted-foreground">(none)</span>}</td>
                      <td>{formatCount(t.inputTokens + t.outputTokens)}</td>
                      <td>{formatUsd(t.costUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              <h2>Quality</h2>
              {user.quality.length === 0 ? (
                <p className="text-muted-foreground">No scores on this user&apos;s traces in the period.</p>
              ) : (
                <ul>
                  {user.quality.map((q) => (
                    <li key={q.name}>
                      {q.name}: {formatScore(q.average)} over {formatCount(q.count)} scores
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <h2>Newest sessions</h2>
            <SessionTable sessions={user.recentSessions} />
          </>
        )}
      </section>
    </>
  );
}

export default async function EndUserPage(props: Props) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <EndUserPageContent {...props} />
    </PageLoading>
  );
}
