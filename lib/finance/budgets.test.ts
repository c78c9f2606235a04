import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { eq } from "drizzle-orm";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { alertSettingsInput, putAlertSettings } from "@/lib/alerts/alert-settings";
import { evaluateRule } from "@/lib/alerts/evaluate";
import { ownerInput, putOwner } from "@/lib/alerts/owners";
import { createRule, getRule, ruleInput } from "@/lib/alerts/rules";
import { listTickets } from "@/lib/alerts/tickets";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { listBudgets, parseBudgetCsv, putBudgets } from "./budgets";

// Feature "search" of tenant "acme" spends $10 each weekday and $2 each weekend day (gpt-4o input
// at $2.50 per million tokens) from 2026-08-23 to 2026-09-19, and $1 so far on Sunday 2026-09-20.
const DAY = 86_400_000;
const now = new Date("2026-09-20T12:00:00Z");
let ctx: ProjectContext & { userId: string };

const span = (t: number, usd: number): JsonSpan => ({
  traceId: traceId(),
  spanId: spanId(),
  name: "search",
  startMs: t + 6 * 3_600_000,
  durationMs: 10,
  attributes: {
    "tenant.id": "acme",
    "feature.name": "search",
    "user.id": "u-42",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.usage.input_tokens": (usd / 2.5) * 1_000_000,
    "gen_ai.usage.output_tokens": 0,
  },
});

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const spans: JsonSpan[] = [span(Date.UTC(2026, 8, 20), 1)];
  for (let t = Date.UTC(2026, 7, 23); t < Date.UTC(2026, 8, 20); t += DAY) {
    const wd = new Date(t).getUTCDay();
    spans.push(span(t, wd === 0 || wd === 6 ? 2 : 10));
  }
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
  await putBudgets({
    ctx,
    entries: parseBudgetCsv(
      "scope,subject,amount_usd,period\nproject,,1000,\ntenant,acme,240,month\nfeature,search,200,\nuser,u-42,30,week\nuser,u-other,1,day\n",
    ),
    rowOffset: 2,
  });
});

describe("budgets", () => {
  it("refuses a bad set whole, naming row and field, and keeps the budgets as they were", async () => {
    const csv =
      "scope,subject,amount_usd,period\nteam,x,5,\nfeature,,5,\ntenant,acme,-1,\ntenant,acme,abc,\nfeature,a,1,\nfeature,a,2,day\nuser,u-1,3,year\n";
    await expect(putBudgets({ ctx, entries: parseBudgetCsv(csv), rowOffset: 2 })).rejects.toMatchObject({
      code: "bad_request",
      field: "scope",
      details: {
        rejected: [
          { row: 2, field: "scope", error: "scope must be one of project, tenant, feature, user" },
          {
            row: 3,
            field: "subject",
            error: "subject names the tenant, feature or end user, and is empty for the project",
          },
          { row: 4, field: "amountUsd", error: "amountUsd must be above 0" },
          { row: 5, field: "amountUsd", error: "amountUsd must be a number" },
          { row: 7, field: "subject", error: "duplicates row 6 (feature)" },
          { row: 8, field: "period", error: "period must be one of day, week, month" },
        ],
      },
    });
    expect(() => parseBudgetCsv("scope,amount_usd\nproject,1\n")).toThrow(/missing subject/);
    expect((await listBudgets({ ctx, now })).data).toHaveLength(5);
    await expect(putBudgets({ ctx: { ...ctx, role: "engineer" }, entries: [] })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("shows month-to-date spend, the weekday-pattern forecast and the day it runs out (hand-computed)", async () => {
    const { data } = await listBudgets({ ctx, now });
    const by = Object.fromEntries(data.map((b) => [`${b.scope}:${b.subject}`, b]));
    // 1..19 September: 14 weekdays × 10 + 5 weekend days × 2 = 150, plus $1 today.
    // Then half of Sunday (0.5 × 2) and 21..30: 8 weekdays × 10 + 2 weekend days × 2 = 84.
    const monthly = data.filter((b) => b.period === "month");
    expect(monthly).toHaveLength(3);
    for (const b of monthly) {
      expect(b.spentUsd).toBeCloseTo(151, 4);
      expect(b.forecastUsd).toBeCloseTo(236, 4);
      expect(b.runRateUsd).toBeCloseTo(54 / 7, 4);
    }
    expect(by["feature:search"]).toMatchObject({ month: "2026-09", runsOutOn: "2026-09-25" });
    expect(by["feature:search"]!.forecastPct).toBeCloseTo(118, 4);
    expect(by["tenant:acme"]!.forecastPct).toBeCloseTo((236 / 240) * 100, 4);
    // 152 at the end of the 20th, then 162, 172, 182, 192, 202, 204, 206, 216, 226, 236: under 240.
    expect(by["tenant:acme"]!.runsOutOn).toBeNull();
    expect(by["project:"]!.forecastPct).toBeCloseTo(23.6, 4);
  });

  it("forecasts an end user's ISO week and a day from the same pattern (hand-computed)", async () => {
    const { data } = await listBudgets({ ctx, now });
    const by = Object.fromEntries(data.map((b) => [`${b.scope}:${b.subject}`, b]));
    // Week Monday 14 .. Sunday 20 September: 5 weekdays × 10 + Saturday 2 + $1 today = 53; half of
    // Sunday left at r · w(Sunday) = 54/7 × (8/4)/(216/28) = 2, so 54; $30 reached on Wednesday 16th.
    expect(by["user:u-42"]).toMatchObject({ period: "week", periodStart: "2026-09-14", periodEnd: "2026-09-20" });
    expect(by["user:u-42"]!.spentUsd).toBeCloseTo(53, 4);
    expect(by["user:u-42"]!.forecastUsd).toBeCloseTo(54, 4);
    expect(by["user:u-42"]!.runsOutOn).toBe("2026-09-16");
    // u-other spent nothing: a day budget of $1 with nothing spent forecasts nothing.
    expect(by["user:u-other"]).toMatchObject({ period: "day", periodStart: "2026-09-20", periodEnd: "2026-09-20" });
    expect(by["user:u-other"]).toMatchObject({ spentUsd: 0, forecastUsd: 0, runsOutOn: null, usedPct: 0 });
  });

  it("opens a ticket at 80 % forecast for the feature's owner, and the tenant's and end user's for the finance contact", async () => {
    await putOwner({ ctx, input: ownerInput.parse({ feature: "search", ownerEmail: "search-owner@shop.test" }) });
    const [me] = await (await db()).select().from(schema.users).where(eq(schema.users.id, ctx.userId));
    await putAlertSettings({
      ctx,
      input: alertSettingsInput.parse({ financeContacts: [ctx.userId, "cfo@shop.test"] }),
    });
    const created = await createRule({
      ctx,
      input: ruleInput.parse({
        name: "Budget forecast 80",
        tier: "ticket",
        metric: "budget_forecast_pct",
        window: "1h",
        comparator: "gt",
        threshold: 80,
        minBreaches: 1,
      }),
    });
    const states = await evaluateRule(await getRule(ctx, created.id), now);
    expect(states.map((s) => [s.group, s.state])).toEqual(
      expect.arrayContaining([
        [{}, "ok"],
        [{ tenant: "acme" }, "firing"],
        [{ feature: "search" }, "firing"],
        [{ user: "u-42" }, "firing"],
        [{ user: "u-other" }, "ok"],
      ]),
    );
    const tickets = (await listTickets({ ctx, query: {} })).data.filter((t) => t.ruleId === created.id);
    // The tenant's and the end user's budgets both go to the first finance contact.
    const finance = me!.email.toLowerCase();
    expect(tickets.map((t) => t.assignee).sort()).toEqual([finance, finance, "search-owner@shop.test"].sort());
    expect(tickets.find((t) => t.assignee === "search-owner@shop.test")?.feature).toBe("search");
  });
});
