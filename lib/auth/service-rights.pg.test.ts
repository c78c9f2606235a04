import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { ROLES, type Role } from "@/db/postgres/schema";
import { createChannel, deleteChannel, listChannels, channelInput } from "@/lib/alerts/channels";
import { listOwners, putOwner } from "@/lib/alerts/owners";
import { evaluateRuleNow, previewDraftRule } from "@/lib/alerts/rule-runs";
import { createRule, deleteRule, getRule, ruleInput, rulesWithStates, updateRule } from "@/lib/alerts/rules";
import { listTickets, myOpenTicketCount, patchTicket } from "@/lib/alerts/tickets";
import { alertSettingsInput, getAlertSettings, putAlertSettings } from "@/lib/alerts/alert-settings";
import { channelOutbox, testChannel } from "@/lib/alerts/channel-tools";
import { acknowledgePage } from "@/lib/alerts/page-ack";
import { ServiceError } from "@/lib/api/errors";
import { changeApiKeyScopes } from "@/lib/api-keys/change-api-key-scopes";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { createFeedbackKey, feedbackKeyInput, listFeedbackKeys, revokeFeedbackKey } from "@/lib/feedback/feedback-keys";
import { marginTrend } from "@/lib/finance/margin-trend";
import { margins } from "@/lib/finance/margins";
import { listRevenue, putRevenue } from "@/lib/finance/revenue";
import { listBudgets, putBudgets } from "@/lib/finance/budgets";
import { costDrilldown } from "@/lib/finance/cost-drilldown";
import { monthlyReview } from "@/lib/finance/monthly-review";
import { billingSettingsInput, getBillingSettings, putBillingSettings } from "@/lib/finance/billing-settings";
import { closeMonth, listClosedMonths, monthMargins, reopenMonth } from "@/lib/finance/month-close";
import { getIngestSettings, ingestSettingsInput, updateIngestSettings } from "@/lib/ingest-settings/ingest-settings";
import { getJudgeSettings, judgeSettingsInput, putJudgeSettings } from "@/lib/judge/judge-settings";
import { runJudgeNow } from "@/ingest/judge/run-judge-now";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { prepareRerun } from "@/lib/replay/recorded-step";
import { createSet, listSets, setInput } from "@/lib/sets/regression-sets";
import { compareExperiment, compareQuery } from "@/lib/experiments/compare-experiment";
import { insertExperiment } from "@/lib/experiments/experiment-rows";
import { experimentModels } from "@/lib/experiments/experiment-models";
import { getExperiment, listExperiments } from "@/lib/experiments/read-experiments";
import { otlpJson } from "@/lib/testing/otlp";
import { changeRole } from "@/lib/members/change-role";
import { inviteMember } from "@/lib/members/invite-member";
import { listMembers } from "@/lib/members/list-members";
import { removeMember, revokeInvitation } from "@/lib/members/remove-member";
import {
  createGpuRate,
  createPrice,
  deletePrice,
  gpuRateInput,
  listGpuRates,
  listPrices,
  priceInput,
  updatePrice,
} from "@/lib/pricing/price-catalog";
import { deleteUserData } from "@/lib/privacy/delete-user-data";
import { deleteProject } from "@/lib/projects/delete-project";
import { KEEP_EVERYTHING, getRetentionSettings } from "@/lib/retention/retention-settings";
import { updateRetention } from "@/lib/retention/update-retention";
import { listOrphanedScores } from "@/lib/scores/list-orphaned-scores";
import { writeScores } from "@/lib/scores/write-scores";
import { makeProject, makeUser } from "@/lib/testing/factories";
import { costExplorer, explorerParams } from "@/lib/cost/cost-explorer";
import { listTraces, listTracesQuery } from "@/lib/traces/list-traces";
import { listSessions, listSessionsQuery } from "@/lib/sessions/list-sessions";
import { listEndUsers } from "@/lib/users/list-end-users";
import type { ProjectContext } from "./context";
import { can, GRANTS, PERMISSIONS, type Permission } from "./permissions";

// Rights are checked once, by the service: each verb called with each role is refused with
// `forbidden` exactly where GRANTS says, and otherwise does its work (a refusal for another
// reason fails the test, so every case is given what it needs to succeed).

/** The role table as ARCHITECTURE.md states it; a change to GRANTS must change this too. */
const ROLE_TABLE: Record<Role, Permission[]> = {
  admin: [...PERMISSIONS],
  engineer: ["project.read", "payloads.read", "scores.write", "alerts.manage", "tickets.write", "experiments.run"],
  finance: ["project.read", "finance.read", "finance.write", "pricing.manage"],
  viewer: ["project.read"],
};

/** A price made by the admin, for the verbs that change one. */
const ownPrice = async (admin: ProjectContext) =>
  (
    await createPrice({
      ctx: admin,
      input: priceInput.parse({ model: "rights-own", inputPerMTok: 1, outputPerMTok: 1 }),
    })
  ).id;

/** A finished experiment row on an empty set (the run itself: lib/experiments/experiments.pg.test.ts). */
async function ownExperiment(admin: ProjectContext) {
  const set = await createSet({ ctx: admin, input: setInput.parse({ name: "rights" }) });
  return insertExperiment({
    id: randomUUID(),
    projectId: admin.projectId,
    setId: set.id,
    setVersion: 0,
    variant: { model: "m" },
    checks: {},
    concurrency: 1,
    costCapUsd: 1,
    status: "done",
    traceId: "0".repeat(32),
    itemCount: 0,
    createdBy: "system",
  });
}

type Case = {
  verb: string;
  permission: Permission;
  /** A project of its own per role, for verbs that destroy or spend. */
  fresh?: boolean;
  /** `ctx` has the role under test; `admin` is the same project as its admin, for preparing. */
  call: (ctx: ProjectContext, admin: ProjectContext) => Promise<unknown>;
};

/** An LLM step seeded in the shared project, for the re-run editor. */
const LLM_STEP = { traceId: "cd".repeat(16), spanId: "ef".repeat(8) };

const sample = {
  rule: () =>
    ruleInput.parse({
      name: `rule ${randomUUID().slice(0, 6)}`,
      tier: "dashboard",
      metric: "error_rate",
      window: "1h",
      comparator: "gt",
      threshold: 0.5,
    }),
  channel: () =>
    channelInput.parse({
      type: "email",
      name: `mail ${randomUUID().slice(0, 6)}`,
      config: { to: ["oncall@example.com"] },
    }),
  judge: () => judgeSettingsInput.parse({ enabled: false, baseUrl: "http://127.0.0.1:9/v1", model: "judge-model" }),
};

async function member(admin: ProjectContext, role: Role) {
  const user = await makeUser();
  await inviteMember({ ctx: admin, input: { email: user.email, role } });
  return user.id;
}

async function openTicket(admin: ProjectContext) {
  const rule = await createRule({ ctx: admin, input: { ...sample.rule(), tier: "ticket" } });
  const id = randomUUID();
  await (await db())
    .insert(schema.tickets)
    .values({ id, projectId: admin.projectId, ruleId: rule.id, groupKey: "", title: rule.name, evidence: {} });
  return id;
}

const CASES: Case[] = [
  // Keys and members (also session-only at the route).
  {
    verb: "createApiKey",
    permission: "api_keys.manage",
    call: (ctx) => createApiKey({ ctx, input: { name: "rights" } }),
  },
  { verb: "listApiKeys", permission: "api_keys.manage", call: (ctx) => listApiKeys({ ctx }) },
  {
    verb: "changeApiKeyScopes",
    permission: "api_keys.manage",
    call: async (ctx, admin) =>
      changeApiKeyScopes({
        ctx,
        keyId: (await createApiKey({ ctx: admin, input: {} })).id,
        input: { scopes: ["read"] },
      }),
  },
  {
    verb: "revokeApiKey",
    permission: "api_keys.manage",
    call: async (ctx, admin) => revokeApiKey({ ctx, keyId: (await createApiKey({ ctx: admin, input: {} })).id }),
  },
  {
    verb: "inviteMember",
    permission: "members.manage",
    call: (ctx) => inviteMember({ ctx, input: { email: `${randomUUID()}@example.com`, role: "viewer" } }),
  },
  { verb: "listMembers", permission: "members.manage", call: (ctx) => listMembers({ ctx }) },
  {
    verb: "changeRole",
    permission: "members.manage",
    call: async (ctx, admin) => changeRole({ ctx, input: { userId: await member(admin, "viewer"), role: "engineer" } }),
  },
  {
    verb: "removeMember",
    permission: "members.manage",
    call: async (ctx, admin) => removeMember({ ctx, userId: await member(admin, "viewer") }),
  },
  {
    verb: "revokeInvitation",
    permission: "members.manage",
    call: async (ctx, admin) => {
      const email = `${randomUUID()}@example.com`;
      await inviteMember({ ctx: admin, input: { email, role: "viewer" } });
      const [invitation] = await (await db())
        .select({ id: schema.invitations.id })
        .from(schema.invitations)
        .where(eq(schema.invitations.email, email));
      return revokeInvitation({ ctx, invitationId: invitation!.id });
    },
  },
  // Alerts.
  {
    verb: "createChannel",
    permission: "alerts.manage",
    call: (ctx) => createChannel({ ctx, input: sample.channel() }),
  },
  {
    verb: "deleteChannel",
    permission: "alerts.manage",
    call: async (ctx, admin) =>
      deleteChannel({ ctx, id: (await createChannel({ ctx: admin, input: sample.channel() })).id }),
  },
  { verb: "createRule", permission: "alerts.manage", call: (ctx) => createRule({ ctx, input: sample.rule() }) },
  {
    verb: "updateRule",
    permission: "alerts.manage",
    call: async (ctx, admin) =>
      updateRule({ ctx, id: (await createRule({ ctx: admin, input: sample.rule() })).id, patch: { threshold: 0.9 } }),
  },
  {
    verb: "deleteRule",
    permission: "alerts.manage",
    call: async (ctx, admin) => deleteRule({ ctx, id: (await createRule({ ctx: admin, input: sample.rule() })).id }),
  },
  {
    verb: "evaluateRuleNow",
    permission: "alerts.manage",
    call: async (ctx, admin) =>
      evaluateRuleNow({ ctx, id: (await createRule({ ctx: admin, input: sample.rule() })).id }),
  },
  {
    verb: "putOwner",
    permission: "alerts.manage",
    call: (ctx) => putOwner({ ctx, input: { feature: "checkout", ownerEmail: "owner@example.com" } }),
  },
  {
    verb: "putAlertSettings",
    permission: "alerts.manage",
    call: (ctx) =>
      putAlertSettings({ ctx, input: alertSettingsInput.parse({ defaultAssignee: "triage@example.com" }) }),
  },
  {
    verb: "testChannel",
    permission: "alerts.manage",
    call: async (ctx, admin) =>
      testChannel({ ctx, id: (await createChannel({ ctx: admin, input: sample.channel() })).id }),
  },
  {
    verb: "acknowledgePage",
    permission: "tickets.write",
    call: async (ctx, admin) => {
      const rule = await createRule({ ctx: admin, input: sample.rule() });
      await (await db()).insert(schema.alertStates).values({ ruleId: rule.id, groupKey: "", state: "firing" });
      return acknowledgePage({ ctx, id: rule.id, input: { groupKey: "" } });
    },
  },
  {
    verb: "patchTicket",
    permission: "tickets.write",
    call: async (ctx, admin) => patchTicket({ ctx, id: await openTicket(admin), patch: { comment: "looking" } }),
  },
  // Money.
  {
    verb: "createPrice",
    permission: "pricing.manage",
    call: (ctx) =>
      createPrice({ ctx, input: priceInput.parse({ model: "rights-model", inputPerMTok: 1, outputPerMTok: 2 }) }),
  },
  {
    verb: "updatePrice",
    permission: "pricing.manage",
    call: async (ctx, admin) =>
      updatePrice({ ctx, id: await ownPrice(admin), patch: { effectiveTo: new Date(Date.UTC(2027, 0, 1)) } }),
  },
  {
    verb: "deletePrice",
    permission: "pricing.manage",
    call: async (ctx, admin) => deletePrice({ ctx, id: await ownPrice(admin) }),
  },
  {
    verb: "createGpuRate",
    permission: "pricing.manage",
    call: (ctx) => createGpuRate({ ctx, input: gpuRateInput.parse({ gpuType: "rights-gpu", usdPerHour: 3 }) }),
  },
  {
    verb: "putRevenue",
    permission: "finance.write",
    call: (ctx) => putRevenue({ ctx, entries: [{ tenant: "acme", month: "2026-01", revenueUsd: 100 }] }),
  },
  {
    verb: "putRevenue (dry run)",
    permission: "finance.write",
    call: (ctx) => putRevenue({ ctx, entries: [{ tenant: "acme", month: "2026-01", revenueUsd: 100 }], dryRun: true }),
  },
  {
    verb: "putBudgets",
    permission: "finance.write",
    call: (ctx) => putBudgets({ ctx, entries: [{ scope: "tenant", subject: "acme", amountUsd: 100 }] }),
  },
  { verb: "listBudgets", permission: "project.read", call: (ctx) => listBudgets({ ctx }) },
  { verb: "listRevenue", permission: "finance.read", call: (ctx) => listRevenue({ ctx, month: "2026-01" }) },
  { verb: "margins", permission: "finance.read", call: (ctx) => margins({ ctx, month: "2026-01" }) },
  {
    verb: "closeMonth",
    permission: "finance.write",
    fresh: true,
    call: (ctx) => closeMonth({ ctx, month: "2026-01" }),
  },
  {
    verb: "reopenMonth",
    permission: "finance.write",
    fresh: true,
    call: async (ctx, admin) => {
      await closeMonth({ ctx: admin, month: "2026-01" });
      return reopenMonth({ ctx, month: "2026-01" });
    },
  },
  {
    verb: "putBillingSettings",
    permission: "finance.write",
    call: (ctx) =>
      putBillingSettings({ ctx, input: billingSettingsInput.parse({ customerTenants: { cus_rights: "acme" } }) }),
  },
  { verb: "getBillingSettings", permission: "finance.read", call: (ctx) => getBillingSettings({ ctx }) },
  { verb: "monthlyReview", permission: "finance.read", call: (ctx) => monthlyReview({ ctx, month: "2026-01" }) },
  { verb: "listClosedMonths", permission: "finance.read", call: (ctx) => listClosedMonths({ ctx }) },
  { verb: "monthMargins", permission: "finance.read", call: (ctx) => monthMargins({ ctx, month: "2026-01" }) },
  { verb: "costDrilldown", permission: "finance.read", call: (ctx) => costDrilldown({ ctx, month: "2026-01" }) },
  { verb: "marginTrend", permission: "finance.read", call: (ctx) => marginTrend({ ctx, month: "2026-01", months: 2 }) },
  // Scores.
  {
    verb: "writeScores",
    permission: "scores.write",
    call: (ctx) => writeScores({ ctx, items: [{ traceId: "ab".repeat(16), name: "rights", value: 1 }] }),
  },
  // Settings.
  { verb: "getIngestSettings", permission: "settings.view", call: (ctx) => getIngestSettings({ ctx }) },
  {
    verb: "updateIngestSettings",
    permission: "settings.manage",
    call: (ctx) =>
      updateIngestSettings({
        ctx,
        input: ingestSettingsInput.parse({ tenantKeys: [], featureKeys: [], payloadCapBytes: 65_536 }),
      }),
  },
  { verb: "getJudgeSettings", permission: "settings.view", call: (ctx) => getJudgeSettings({ ctx }) },
  {
    verb: "putJudgeSettings",
    permission: "settings.manage",
    call: (ctx) => putJudgeSettings({ ctx, input: sample.judge() }),
  },
  { verb: "runJudgeNow", permission: "settings.manage", fresh: true, call: (ctx) => runJudgeNow({ ctx }) },
  // Re-runs (the run itself spends the endpoint: ingest/replay/rerun-step.test.ts refuses viewer and finance).
  {
    verb: "prepareRerun",
    permission: "experiments.run",
    call: (ctx) => prepareRerun({ ctx, traceId: LLM_STEP.traceId, spanId: LLM_STEP.spanId }),
  },
  {
    verb: "createSet",
    permission: "experiments.run",
    call: (ctx) => createSet({ ctx, input: setInput.parse({ name: "s" }) }),
  },
  { verb: "listSets", permission: "project.read", call: (ctx) => listSets({ ctx }) },
  { verb: "experimentModels", permission: "experiments.run", call: (ctx) => experimentModels({ ctx }) },
  {
    verb: "listExperiments",
    permission: "project.read",
    call: async (ctx, admin) => listExperiments({ ctx, setId: (await ownExperiment(admin)).setId }),
  },
  {
    verb: "getExperiment",
    permission: "experiments.run",
    call: async (ctx, admin) => getExperiment({ ctx, id: (await ownExperiment(admin)).id }),
  },
  {
    verb: "compareExperiment",
    permission: "experiments.run",
    call: async (ctx, admin) =>
      compareExperiment({ ctx, id: (await ownExperiment(admin)).id, query: compareQuery.parse({}) }),
  },
  { verb: "getRetentionSettings", permission: "settings.view", call: (ctx) => getRetentionSettings({ ctx }) },
  {
    verb: "updateRetention",
    permission: "settings.manage",
    call: (ctx) => updateRetention({ ctx, input: KEEP_EVERYTHING }),
  },
  { verb: "listFeedbackKeys", permission: "settings.view", call: (ctx) => listFeedbackKeys({ ctx }) },
  {
    verb: "createFeedbackKey",
    permission: "settings.manage",
    call: (ctx) => createFeedbackKey({ ctx, input: feedbackKeyInput.parse({ name: "site" }) }),
  },
  {
    verb: "revokeFeedbackKey",
    permission: "settings.manage",
    call: async (ctx, admin) =>
      revokeFeedbackKey({
        ctx,
        id: (await createFeedbackKey({ ctx: admin, input: feedbackKeyInput.parse({ name: "old" }) })).id,
      }),
  },
  // Irreversible.
  { verb: "deleteUserData", permission: "data.delete", call: (ctx) => deleteUserData({ ctx, userId: "someone" }) },
  { verb: "deleteProject", permission: "data.delete", fresh: true, call: (ctx) => deleteProject({ ctx }) },
  // Reads every role may do: they start with the read check too.
  {
    verb: "listTraces",
    permission: "project.read",
    call: (ctx) => listTraces({ ctx, query: listTracesQuery.parse({}) }),
  },
  {
    verb: "costExplorer",
    permission: "project.read",
    call: (ctx) => costExplorer({ ctx, params: explorerParams.parse({}) }),
  },
  { verb: "rulesWithStates", permission: "project.read", call: (ctx) => rulesWithStates(ctx) },
  {
    verb: "getRule",
    permission: "project.read",
    call: async (ctx, admin) => getRule(ctx, (await createRule({ ctx: admin, input: sample.rule() })).id),
  },
  {
    verb: "previewDraftRule",
    permission: "project.read",
    call: (ctx) => previewDraftRule({ ctx, input: sample.rule() }),
  },
  { verb: "listTickets", permission: "project.read", call: (ctx) => listTickets({ ctx, query: {} }) },
  { verb: "listChannels", permission: "project.read", call: (ctx) => listChannels({ ctx }) },
  { verb: "getAlertSettings", permission: "project.read", call: (ctx) => getAlertSettings({ ctx }) },
  { verb: "myOpenTicketCount", permission: "project.read", call: (ctx) => myOpenTicketCount({ ctx }) },
  {
    verb: "channelOutbox",
    permission: "project.read",
    call: async (ctx, admin) =>
      channelOutbox({ ctx, id: (await createChannel({ ctx: admin, input: sample.channel() })).id }),
  },
  { verb: "listOwners", permission: "project.read", call: (ctx) => listOwners({ ctx }) },
  { verb: "listPrices", permission: "project.read", call: (ctx) => listPrices({ ctx }) },
  { verb: "listGpuRates", permission: "project.read", call: (ctx) => listGpuRates({ ctx }) },
  { verb: "listOrphanedScores", permission: "project.read", call: (ctx) => listOrphanedScores({ ctx, limit: 5 }) },
  {
    verb: "listSessions",
    permission: "project.read",
    call: (ctx) => listSessions({ ctx, query: listSessionsQuery.parse({}) }),
  },
  { verb: "listEndUsers", permission: "project.read", call: (ctx) => listEndUsers({ ctx, query: { limit: 10 } }) },
];

async function outcome(run: () => Promise<unknown>): Promise<"done" | "forbidden"> {
  try {
    await run();
    return "done";
  } catch (error) {
    if (error instanceof ServiceError && error.code === "forbidden") return "forbidden";
    throw error;
  }
}

let shared: ProjectContext;

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  shared = await makeProject();
  const step = otlpJson([
    {
      ...LLM_STEP,
      name: "chat",
      startMs: Date.now() - 60_000,
      durationMs: 10,
      attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.input.messages": "hi" },
    },
  ]);
  const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 };
  await new BatchWriter({ lingerMs: 0 }).write(
    normalizeAll(shared.projectId, decodeJson(JSON.stringify(step)), settings).rows,
  );
});

describe("the role table", () => {
  it("grants what ARCHITECTURE.md says, and only names that exist", () => {
    for (const role of ROLES) expect([...GRANTS[role]].sort(), role).toEqual([...ROLE_TABLE[role]].sort());
  });

  it("covers every permission with at least one verb in this test", () => {
    expect(PERMISSIONS.filter((p) => !CASES.some((c) => c.permission === p)).sort()).toEqual(["payloads.read"]);
  });
});

describe.each(ROLES)("as %s", (role) => {
  it.each(CASES.map((c) => [c.verb, c] as const))("%s is refused exactly where GRANTS says", async (_verb, c) => {
    const admin = c.fresh ? await makeProject() : shared;
    const expected = can(role, c.permission) ? "done" : "forbidden";
    expect(await outcome(() => c.call({ ...admin, role }, { ...admin, role: "admin" }))).toBe(expected);
  });
});

describe("the refusal", () => {
  it("names the role and the permission it lacks", async () => {
    await expect(putRevenue({ ctx: { ...shared, role: "engineer" }, entries: [] })).rejects.toThrow(
      'Your role (engineer) may not do this: it needs "finance.write"',
    );
  });

  it("comes before any input is looked at", async () => {
    // A viewer learns nothing from the refusal: not whether the rule exists, not what is wrong with the patch.
    await expect(
      updateRule({ ctx: { ...shared, role: "viewer" }, id: "no-such-rule", patch: { threshold: Number.NaN } }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
