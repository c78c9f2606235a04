import Link from "next/link";
import { AcknowledgePageButton, EvaluateButton } from "@/components/alerts/rule-actions";
import { RuleSparkline } from "@/components/alerts/sparkline";
import { StoreDown } from "@/components/ui/states";
import { rulesWithStates } from "@/lib/alerts/rules";
import { pageContext } from "@/lib/auth/page-context";
import { formatConditionValue } from "@/lib/alerts/metric-catalog";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { PageLoading } from "@/components/ui/page-loading";
import { PageHeader } from "@/components/ui/page-header";
import { TierBadge } from "@/components/alerts/tier-badge";
import { Badge } from "@/components/ui/badge";

const groupText = (g: Record<string, string>) =>
  Object.entries(g)
    .map(([k, v]) => `${k}: ${v || "(none)"}`)
    .join(", ") || "all";

const NOTES: Record<string, string> = { insufficient_data: "insufficient data", no_baseline: "no baseline" };
const stateText = (s: { state: string; note: string | null }) =>
  s.state === "no_data" ? "no data" : s.note && s.state !== "firing" ? NOTES[s.note] : s.state;

async function AlertsPageContent() {
  const { ctx } = await pageContext("project.read");
  const rules = await rulesWithStates(ctx).catch(storeDownAs(null, "alerts"));
  return (
    <section>
      <PageHeader title="Alerts">
        <Link href="/alerts/tickets?mine=1">My tickets</Link>
        <Link href="/alerts/tickets">All tickets</Link>
        <Link className={buttonVariants({ variant: "default" })} href="/alerts/rules/new">
          New rule
        </Link>
      </PageHeader>
      {!rules && <StoreDown />}
      {rules && (
        <Card>
          <Table aria-label="Alert rules">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Tier</th>
                <th>Condition</th>
                <th>State per group</th>
                <th>Last windows</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => {
                const firing = rule.states.filter((s) => s.state === "firing");
                return (
                  <tr key={rule.id} className={firing.length ? "bg-row-alert" : undefined}>
                    <td>
                      <Link href={`/alerts/rules/${rule.id}`}>{rule.name}</Link>
                      {!rule.enabled && <span className="text-muted-foreground"> (off)</span>}
                      {rule.silent && (
                        <div>
                          <Badge variant="destructive" title={rule.silent}>
                            silent
                          </Badge>{" "}
                          <span className="text-destructive">{rule.silent}</span>
                        </div>
                      )}
                    </td>
                    <td>
                      <TierBadge tier={rule.tier} />
                    </td>
                    <td>
                      <code>
                        {rule.metric}
                        {rule.scoreName ? `(${rule.scoreName})` : ""} {rule.comparator === "gt" ? ">" : "<"}{" "}
                        {formatConditionValue(rule, rule.threshold)}
                        {rule.baseline && ` vs ${rule.baseline === "week_ago" ? "a week ago" : "the 4-week median"}`}
                      </code>{" "}
                      over {rule.window}
                      {rule.groupBy.length > 0 && (
                        <span className="text-muted-foreground"> per {rule.groupBy.join(", ")}</span>
                      )}
                    </td>
                    <td>
                      {rule.lastError && (
                        <div role="alert" className="text-destructive">
                          last evaluation failed: {rule.lastError}
                        </div>
                      )}
                      {rule.states.length === 0 && (
                        <span className="text-muted-foreground">no data in the window yet</span>
                      )}
                      {rule.states.map((s) => (
                        <div key={s.groupKey} className={s.state === "firing" ? "text-destructive" : undefined}>
                          <strong>{stateText(s)}</strong> {groupText(s.group)} ·{" "}
                          {formatConditionValue(rule, s.lastValue)}
                          {s.state === "firing" && rule.tier === "page" && (
                            <>
                              {s.acknowledgedBy ? (
                                <span className="text-muted-foreground"> · acknowledged by {s.acknowledgedBy}</span>
                              ) : (
                                <AcknowledgePageButton ruleId={rule.id} groupKey={s.groupKey} />
                              )}
                            </>
                          )}
                        </div>
                      ))}
                    </td>
                    <td>
                      <RuleSparkline ruleId={rule.id} name={rule.name} />
                    </td>
                    <td>
                      <EvaluateButton ruleId={rule.id} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </Card>
      )}
      <p className="text-muted-foreground">
        Owners and channels: <Link href="/settings/alerts">Settings → Alerts</Link>.
      </p>
    </section>
  );
}

export default function AlertsPage() {
  return (
    <PageLoading>
      <AlertsPageContent />
    </PageLoading>
  );
}
