import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { evaluateProject, evaluateRule } from "./evaluate";
import { createRule, getRule, ruleInput, rulesWithStates } from "./rules";

// A rule's enum-like fields are checked again when it is read back from Postgres: a row written
// around the API (here directly) with a group dimension the SQL builder does not know is not
// evaluated, and says why.

let ctx: ProjectContext;

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  // The starter rules would be evaluated too; this test is about the two it makes.
  await (await db())
    .update(schema.alertRules)
    .set({ enabled: false })
    .where(eq(schema.alertRules.projectId, ctx.projectId));
});

describe("a stored rule read back from Postgres", () => {
  it("is not evaluated when its stored groupBy is no longer valid, and its error is recorded and shown until it is mended", async () => {
    const good = await createRule({
      ctx,
      input: ruleInput.parse({
        name: "errors",
        tier: "dashboard",
        metric: "error_rate",
        groupBy: ["feature"],
        window: "1h",
        comparator: "gt",
        threshold: 0.5,
      }),
    });
    const bad = await createRule({
      ctx,
      input: ruleInput.parse({
        name: "by region",
        tier: "dashboard",
        metric: "error_rate",
        groupBy: ["tenant"],
        window: "1h",
        comparator: "gt",
        threshold: 0.5,
      }),
    });
    const database = await db();
    await database
      .update(schema.alertRules)
      .set({ groupBy: ["region) AS g, (SELECT 1"] })
      .where(eq(schema.alertRules.id, bad.id));

    await expect(evaluateRule(await getRule(ctx, bad.id))).rejects.toMatchObject({
      code: "conflict",
      field: "groupBy",
    });
    await evaluateProject(ctx.projectId);

    const stored = await getRule(ctx, bad.id);
    expect(stored.lastError).toMatch(/groupBy\.0: stored value "region\) AS g, \(SELECT 1" is not valid/);
    expect((await getRule(ctx, good.id)).lastError).toBeNull();
    const shown = (await rulesWithStates(ctx)).find((r) => r.id === bad.id);
    expect(shown?.lastError).toBe(stored.lastError);
    expect(shown?.states).toEqual([]);

    await database
      .update(schema.alertRules)
      .set({ groupBy: ["tenant"] })
      .where(eq(schema.alertRules.id, bad.id));
    await evaluateProject(ctx.projectId);
    expect((await getRule(ctx, bad.id)).lastError).toBeNull();
  });

  it("refuses a stored metric or comparator outside the schema too", async () => {
    const rule = await createRule({
      ctx,
      input: ruleInput.parse({
        name: "cmp",
        tier: "dashboard",
        metric: "error_rate",
        window: "1h",
        comparator: "gt",
        threshold: 1,
        enabled: false,
      }),
    });
    await (
      await db()
    )
      .update(schema.alertRules)
      .set({ comparator: "ge" as "gt" })
      .where(eq(schema.alertRules.id, rule.id));
    await expect(evaluateRule(await getRule(ctx, rule.id))).rejects.toThrow(/comparator: stored value "ge"/);
  });
});
