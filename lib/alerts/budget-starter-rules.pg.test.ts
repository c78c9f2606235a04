import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db/postgres/client";
import { deleteRule } from "@/lib/alerts/rules";
import { putBudgets } from "@/lib/finance/budgets";
import { makeProject } from "@/lib/testing/factories";
import { BUDGET_RULES_OFFER } from "./starter-rules";

const budget = [{ scope: "project", subject: "", amountUsd: 100 }];
const budgetRules = async (projectId: string) =>
  (
    await (
      await db()
    )
      .select({ id: schema.alertRules.id, metric: schema.alertRules.metric })
      .from(schema.alertRules)
      .where(
        and(
          eq(schema.alertRules.projectId, projectId),
          inArray(schema.alertRules.metric, ["budget_forecast_pct", "budget_used_pct"]),
        ),
      )
  ).sort((a, b) => a.metric.localeCompare(b.metric));

/** A project made before the starter pack had budget rules: no budget rules and no offer on record. */
async function olderProject() {
  const ctx = await makeProject();
  const database = await db();
  await database.delete(schema.starterOffers).where(eq(schema.starterOffers.projectId, ctx.projectId));
  for (const r of await budgetRules(ctx.projectId))
    await database.delete(schema.alertRules).where(eq(schema.alertRules.id, r.id));
  return ctx;
}

describe("budget starter rules for existing projects", () => {
  it("come with the first saved budget, once: a rule deleted afterwards is not brought back", async () => {
    const ctx = await olderProject();
    expect(await budgetRules(ctx.projectId)).toEqual([]);
    await putBudgets({ ctx, entries: [] });
    expect(await budgetRules(ctx.projectId)).toEqual([]);

    await putBudgets({ ctx, entries: budget });
    const rules = await budgetRules(ctx.projectId);
    expect(rules.map((r) => r.metric)).toEqual(["budget_forecast_pct", "budget_used_pct"]);

    await deleteRule({ ctx, id: rules[0]!.id });
    await putBudgets({ ctx, entries: [] });
    await putBudgets({ ctx, entries: budget });
    expect((await budgetRules(ctx.projectId)).map((r) => r.metric)).toEqual(["budget_used_pct"]);
  });

  it("does not double a budget rule a project already has, and new projects are on record as offered", async () => {
    const fresh = await makeProject();
    const offers = await (await db())
      .select()
      .from(schema.starterOffers)
      .where(eq(schema.starterOffers.projectId, fresh.projectId));
    expect(offers.map((o) => o.offer)).toEqual([BUDGET_RULES_OFFER]);
    await putBudgets({ ctx: fresh, entries: budget });
    expect(await budgetRules(fresh.projectId)).toHaveLength(2);

    // Has the rules but no offer row (made between the pack's budget rules and migration 0019's backfill).
    await (await db()).delete(schema.starterOffers).where(eq(schema.starterOffers.projectId, fresh.projectId));
    await putBudgets({ ctx: fresh, entries: budget });
    expect(await budgetRules(fresh.projectId)).toHaveLength(2);
  });
});
