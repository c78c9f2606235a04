import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { db, schema, type Database, type Transaction } from "@/db/postgres/client";
import { parseWindow } from "./metric-catalog";
import { ruleInput, type RuleInput } from "./rules";

// Created with every new project; editable like any rule. Absolute thresholds where the seeds
// give absolute ones (error rate > 5 %, p99 > SLA); changes against the group's own past for
// "declining" and "dropping", which stay quiet where there is no past to compare with. Budget
// rules watch every budget of the project (none until finance sets one).

const starter = (
  input: Partial<RuleInput> & Pick<RuleInput, "name" | "tier" | "metric" | "comparator" | "threshold">,
) => ruleInput.parse({ groupBy: ["feature"], window: "1h", ...input });

export const STARTER_RULES: RuleInput[] = [
  starter({ name: "Error rate above 5 %", tier: "page", metric: "error_rate", comparator: "gt", threshold: 0.05 }),
  starter({
    name: "p99 latency over the 10 s SLA",
    tier: "page",
    metric: "latency_p99_ms",
    window: "15m",
    comparator: "gt",
    threshold: 10_000,
  }),
  starter({
    name: "Cost up more than 20 % week over week",
    tier: "ticket",
    metric: "cost_change_wow",
    window: "7d",
    comparator: "gt",
    threshold: 20,
    minBreaches: 1,
    minRecoveries: 1,
  }),
  starter({
    name: "Quality score dropping",
    tier: "ticket",
    metric: "quality_avg",
    scoreName: "user_feedback",
    window: "1d",
    comparator: "lt",
    threshold: -15,
    baseline: "median_4w",
    minVolume: 20,
  }),
  starter({
    name: "Cache hit rate declining",
    tier: "ticket",
    metric: "cache_hit_rate",
    window: "1d",
    comparator: "lt",
    threshold: -30,
    baseline: "median_4w",
    minVolume: 100,
  }),
  starter({
    name: "Budget forecast over 80 %",
    tier: "ticket",
    metric: "budget_forecast_pct",
    groupBy: [],
    comparator: "gt",
    threshold: 80,
    minRecoveries: 1,
  }),
  starter({
    name: "Budget spent",
    tier: "page",
    metric: "budget_used_pct",
    groupBy: [],
    comparator: "gt",
    threshold: 100,
    minBreaches: 1,
    minRecoveries: 1,
  }),
];

const BUDGET_RULE_METRICS = ["budget_forecast_pct", "budget_used_pct"];
/** The offer recorded in `starter_offers` once a project has been given the budget rules. */
export const BUDGET_RULES_OFFER = "budget_rules";

const ruleRows = (projectId: string, inputs: RuleInput[]) =>
  inputs.map((input) => {
    const { window, ...rest } = input;
    return {
      id: randomUUID(),
      projectId,
      ...rest,
      scoreName: input.scoreName ?? null,
      owner: null,
      windowMinutes: parseWindow(window)!,
    };
  });

export async function createStarterRules(projectId: string): Promise<void> {
  await (
    await db()
  ).transaction(async (tx) => {
    await tx.insert(schema.alertRules).values(ruleRows(projectId, STARTER_RULES));
    await tx.insert(schema.starterOffers).values({ projectId, offer: BUDGET_RULES_OFFER }).onConflictDoNothing();
  });
}

/**
 * Projects made before the starter pack had budget rules get them once, when their first budget
 * is saved (`tx`: the budgets' transaction). The offer row makes it once: a rule deleted after it
 * is never brought back; a budget rule already there is not doubled.
 */
export async function offerBudgetRules(tx: Transaction | Database, projectId: string): Promise<number> {
  const offered = await tx
    .insert(schema.starterOffers)
    .values({ projectId, offer: BUDGET_RULES_OFFER })
    .onConflictDoNothing()
    .returning({ projectId: schema.starterOffers.projectId });
  if (!offered.length) return 0;
  const present = await tx
    .select({ metric: schema.alertRules.metric })
    .from(schema.alertRules)
    .where(and(eq(schema.alertRules.projectId, projectId), inArray(schema.alertRules.metric, BUDGET_RULE_METRICS)));
  const missing = STARTER_RULES.filter(
    (r) => BUDGET_RULE_METRICS.includes(r.metric) && !present.some((p) => p.metric === r.metric),
  );
  if (missing.length) await tx.insert(schema.alertRules).values(ruleRows(projectId, missing));
  return missing.length;
}
