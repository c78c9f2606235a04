import { PageLoading } from "@/components/ui/page-loading";
import { BudgetEditor } from "@/components/finance/budget-editor";
import { Forbidden, StoreDown } from "@/components/ui/states";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { listBudgets } from "@/lib/finance/budgets";
import { formatDate } from "@/lib/format/date-time";
import { formatPercent, formatUsd } from "@/lib/format/number";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";

const pct = (v: number | null) => formatPercent(v === null ? null : v / 100);

/** Budgets with the period's spend so far, the forecast to the period's end and the day each runs out. */
async function BudgetsPageContent() {
  const { ctx, forbidden } = await pageContext("project.read");
  if (forbidden) return <Forbidden what="Budgets" />;
  const result = await listBudgets({ ctx }).catch(storeDownAs(null, "budgets"));
  return (
    <section>
      <PageHeader title="Budgets" />
      <p className="text-muted-foreground">
        In USD per UTC day, ISO week (Monday to Sunday) or month. The forecast adds to the period&apos;s spend so far
        the last 7 days&apos; daily run rate, shaped by each weekday&apos;s share of the last 4 weeks.{" "}
        <a href="/finance">Back to Finance</a>
      </p>
      {!result && <StoreDown />}
      {result && (
        <Card>
          <Table aria-label="Budgets">
            <thead>
              <tr>
                <th>Scope</th>
                <th>Tenant, feature or end user</th>
                <th>Budget</th>
                <th>Period</th>
                <th>Spent this period</th>
                <th>Used</th>
                <th>Forecast to period end</th>
                <th>Forecast</th>
                <th>Runs out</th>
              </tr>
            </thead>
            <tbody>
              {result.data.map((b) => (
                <tr key={`${b.scope}:${b.subject}`} data-testid={`budget-${b.scope}-${b.subject}`}>
                  <td>{b.scope}</td>
                  <td>{b.subject || "—"}</td>
                  <td>{formatUsd(b.amountUsd)}</td>
                  <td>
                    {b.period === "month"
                      ? b.month
                      : `${formatDate(`${b.periodStart}T00:00:00Z`)}${b.period === "week" ? ` – ${formatDate(`${b.periodEnd}T00:00:00Z`)}` : ""}`}
                  </td>
                  <td>{formatUsd(b.spentUsd)}</td>
                  <td>{pct(b.usedPct)}</td>
                  <td data-testid="budget-forecast">{formatUsd(b.forecastUsd)}</td>
                  <td className={(b.forecastPct ?? 0) >= 100 ? "text-destructive" : undefined}>{pct(b.forecastPct)}</td>
                  <td>{b.runsOutOn ? formatDate(`${b.runsOutOn}T00:00:00Z`) : `not this ${b.period}`}</td>
                </tr>
              ))}
              {result.data.length === 0 && (
                <tr>
                  <td colSpan={9} className="text-muted-foreground">
                    No budgets yet.
                  </td>
                </tr>
              )}
            </tbody>
          </Table>
        </Card>
      )}
      {can(ctx.role, "finance.write") && (
        <BudgetEditor
          budgets={(result?.data ?? []).map((b) => ({
            scope: b.scope,
            subject: b.subject,
            amountUsd: b.amountUsd,
            period: b.period,
          }))}
        />
      )}
    </section>
  );
}

export default function BudgetsPage() {
  return (
    <PageLoading>
      <BudgetsPageContent />
    </PageLoading>
  );
}
