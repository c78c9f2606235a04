import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { alertSettingsInput, putAlertSettings } from "./alert-settings";
import { escalateProject } from "./escalate";
import { evaluateRule } from "./evaluate";
import { ownerInput, putOwner } from "./owners";
import { acknowledgePage } from "./page-ack";
import { createRule, getRule, ruleInput, rulesWithStates, type RuleInput } from "./rules";
import { getTicket, listTickets, myOpenTicketCount, patchTicket, ticketPatch } from "./tickets";

// Tickets and pages reach a person: assignment at opening, acknowledging, owner changes and
// escalation, with the clock given to every call.

const HOUR = 3_600_000;
const now = new Date(Math.floor(Date.now() / HOUR) * HOUR + 30 * 60_000 - 2 * HOUR);
let ctx: ProjectContext & { userId: string };
let adminEmail = "";

const failing = (feature: string): JsonSpan[] =>
  Array.from({ length: 10 }, (_, i) => ({
    traceId: traceId(),
    spanId: spanId(),
    name: `${feature} request`,
    startMs: now.getTime() - 60_000 + i,
    durationMs: 50,
    attributes: { "feature.name": feature },
    status: i < 5 ? { code: 2, message: "upstream 502" } : { code: 1 },
  }));

async function rule(feature: string, input: Partial<RuleInput> = {}) {
  const created = await createRule({
    ctx,
    input: ruleInput.parse({
      name: `${feature} errors ${input.tier ?? "ticket"}`,
      tier: "ticket",
      metric: "error_rate",
      filter: { feature },
      window: "1h",
      comparator: "gt",
      threshold: 0.05,
      minBreaches: 1,
      ...input,
    }),
  });
  return getRule(ctx, created.id);
}

async function ticketOf(ruleId: string) {
  const { data } = await listTickets({ ctx, query: {} });
  return data.find((t) => t.ruleId === ruleId)!;
}

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const [user] = await (await db()).select().from(schema.users).where(eq(schema.users.id, ctx.userId));
  adminEmail = user!.email;
  const spans = ["owned", "ruleowned", "nobody", "paged"].flatMap(failing);
  const { rows, scores } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows, scores);
  for (const feature of ["owned", "paged"])
    await putOwner({
      ctx,
      input: ownerInput.parse({ feature, ownerEmail: `${feature}@shop.test`, escalationEmail: "lead@shop.test" }),
    });
});

describe("assignment", () => {
  it("assigns at opening to the feature's owner, else the rule's, else the project's default assignee", async () => {
    const owned = await rule("owned", { owner: "rule-owner@shop.test" });
    const ruleOwned = await rule("ruleowned", { owner: "rule-owner@shop.test" });
    const nobody = await rule("nobody");
    for (const r of [owned, ruleOwned, nobody]) await evaluateRule(r, now);
    expect((await ticketOf(owned.id)).assignee).toBe("owned@shop.test");
    expect((await ticketOf(ruleOwned.id)).assignee).toBe("rule-owner@shop.test");
    expect((await ticketOf(nobody.id)).assignee).toBeNull();
    expect((await rulesWithStates(ctx)).find((r) => r.id === nobody.id)?.silent).toMatch(/no owner/);

    await putAlertSettings({ ctx, input: alertSettingsInput.parse({ defaultAssignee: "Triage@Shop.test" }) });
    const triaged = await rule("nobody", { name: "nobody again" });
    await evaluateRule(triaged, now);
    expect((await ticketOf(triaged.id)).assignee).toBe("triage@shop.test");
    expect((await rulesWithStates(ctx)).find((r) => r.id === nobody.id)?.silent).toBeNull();
    const page = (await rulesWithStates(ctx)).find((r) => r.name === "Error rate above 5 %");
    expect(page?.silent).toBe("no channel: its pages reach nobody");
  });

  it("gives an unassigned ticket to whoever acknowledges it, and counts it as theirs", async () => {
    const nobody = (await rulesWithStates(ctx)).find((r) => r.name === "nobody errors ticket")!;
    const ticket = await ticketOf(nobody.id);
    expect(await myOpenTicketCount({ ctx })).toBe(0);
    const acked = await patchTicket({ ctx, id: ticket.id, patch: ticketPatch.parse({ status: "acknowledged" }) });
    expect(acked.assignee).toBe(adminEmail);
    expect(acked.history.filter((h) => h.kind === "assigned").map((h) => h.body)).toEqual([adminEmail]);
    expect(await myOpenTicketCount({ ctx })).toBe(1);
    // Reassigning is an explicit assignee.
    const moved = await patchTicket({ ctx, id: ticket.id, patch: ticketPatch.parse({ assignee: "ops@shop.test" }) });
    expect(moved.assignee).toBe("ops@shop.test");
    expect(await myOpenTicketCount({ ctx })).toBe(0);
  });

  it("offers a feature's open tickets to its new owner and moves them when asked", async () => {
    const ruleOwned = (await rulesWithStates(ctx)).find((r) => r.name === "ruleowned errors ticket")!;
    const offered = await putOwner({
      ctx,
      input: ownerInput.parse({ feature: "ruleowned", ownerEmail: "new@shop.test" }),
    });
    expect(offered).toMatchObject({ openTickets: 1, movedTickets: 0 });
    expect((await ticketOf(ruleOwned.id)).assignee).toBe("rule-owner@shop.test");
    const moved = await putOwner({
      ctx,
      input: ownerInput.parse({ feature: "ruleowned", ownerEmail: "new@shop.test", moveOpenTickets: true }),
    });
    expect(moved).toMatchObject({ openTickets: 0, movedTickets: 1 });
    const ticket = await getTicket({ ctx, id: (await ticketOf(ruleOwned.id)).id });
    expect(ticket.assignee).toBe("new@shop.test");
    expect(ticket.history.at(-1)).toMatchObject({ kind: "assigned", body: "new@shop.test (new owner of ruleowned)" });
  });
});

describe("escalation", () => {
  it("moves an unacknowledged ticket to the team lead, then the admin, after N business hours in the project's zone", async () => {
    await putAlertSettings({
      ctx,
      input: alertSettingsInput.parse({
        defaultAssignee: "triage@shop.test",
        adminContact: "admin@shop.test",
        timeZone: "Europe/Paris",
        ticketAckBusinessHours: 2,
        pageAckMinutes: 15,
      }),
    });
    const owned = (await rulesWithStates(ctx)).find((r) => r.name === "owned errors ticket")!;
    const { id } = await ticketOf(owned.id);
    // Opened Monday 30 November 2026 at 15:30 in Paris: 1.5 business hours that day, the rest on Tuesday.
    await (
      await db()
    )
      .update(schema.tickets)
      .set({ openedAt: new Date("2026-11-30T14:30:00Z") })
      .where(eq(schema.tickets.id, id));
    const level = async (at: string) => {
      await escalateProject(ctx.projectId, new Date(at));
      return (await getTicket({ ctx, id })).escalationLevel;
    };
    expect(await level("2026-11-30T20:00:00Z")).toBe(0); // the evening does not count
    expect(await level("2026-12-01T08:29:00Z")).toBe(0); // Tuesday 09:29: 1 h 59
    expect(await level("2026-12-01T08:30:00Z")).toBe(1);
    expect(await level("2026-12-01T10:29:00Z")).toBe(1); // each step waits the timeout again
    expect(await level("2026-12-01T10:30:00Z")).toBe(2);
    expect(await level("2026-12-03T10:30:00Z")).toBe(2); // nobody after the admin
    const history = (await getTicket({ ctx, id })).history.filter((h) => h.kind === "escalated");
    expect(history.map((h) => [h.body?.split(":")[0], h.at.toISOString()])).toEqual([
      ["to lead@shop.test", "2026-12-01T08:30:00.000Z"],
      ["to admin@shop.test", "2026-12-01T10:30:00.000Z"],
    ]);
    expect(history[0]!.body).toContain("not e-mailed: SMTP_URL is not set");
  });

  it("escalates an unacknowledged page after N minutes, and no further once acknowledged", async () => {
    const page = await rule("paged", { tier: "page", name: "paged errors" });
    await evaluateRule(page, now);
    const stateOf = async () =>
      (
        await (
          await db()
        )
          .select()
          .from(schema.alertStates)
          .where(and(eq(schema.alertStates.ruleId, page.id), eq(schema.alertStates.groupKey, "")))
      )[0]!;
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    await escalateProject(ctx.projectId, at(14));
    expect((await stateOf()).escalationLevel).toBe(0);
    await escalateProject(ctx.projectId, at(15));
    expect(await stateOf()).toMatchObject({ escalationLevel: 1, escalatedAt: at(15) });
    await acknowledgePage({ ctx, id: page.id, input: { groupKey: "" }, now: at(20) });
    await escalateProject(ctx.projectId, at(60));
    expect(await stateOf()).toMatchObject({ escalationLevel: 1, acknowledgedBy: adminEmail });
    const events = await (await db()).select().from(schema.alertEvents).where(eq(schema.alertEvents.ruleId, page.id));
    expect(events.filter((e) => e.kind === "escalated").map((e) => e.evidence.to)).toEqual(["lead@shop.test"]);
  });
});
