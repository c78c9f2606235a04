import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { ALERT_TIERS, type AlertRule } from "@/db/postgres/schema";
import { SPAN_KINDS } from "@/lib/domain/span/span-row";
import { notFound, ServiceError } from "@/lib/api/errors";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { alertSettingsOf } from "./assignment";
import { silentReason } from "./silent";
import {
  ALERT_METRICS,
  BASELINES,
  formatWindow,
  GROUP_DIMENSIONS,
  METRIC_SPECS,
  NOT_BY_USER,
  parseWindow,
  windowProblem,
} from "./metric-catalog";

// Alert rules (Postgres): what to watch, how to compare, who hears about it. Every refusal is a
// 400 naming the field: unknown metric, a window the metric cannot use, a channel of another project.

const text = z.string().trim().min(1).max(200);
/** What a rule counts: also how its stored filter is read back (a row edited by hand fails here). */
export const ruleFilter = z
  .object({
    tenant: text.optional(),
    feature: text.optional(),
    model: text.optional(),
    kind: z.enum(SPAN_KINDS).optional(),
  })
  .strict();
export const ruleInput = z.object({
  name: text,
  tier: z.enum(ALERT_TIERS),
  metric: z.enum(ALERT_METRICS, { message: `must be one of ${ALERT_METRICS.join(", ")}` }),
  scoreName: text.optional(),
  filter: ruleFilter.default({}),
  groupBy: z.array(z.enum(GROUP_DIMENSIONS)).max(3).default([]),
  window: z.union([z.string(), z.number()]),
  comparator: z.enum(["gt", "lt"]),
  threshold: z.number().finite(),
  channelIds: z.array(z.string().max(100)).max(20).default([]),
  owner: z.email().optional(),
  minBreaches: z.number().int().min(1).max(60).default(2),
  minRecoveries: z.number().int().min(1).max(60).default(2),
  enabled: z.boolean().default(true),
  /** Compare with the same group's past (the same window a week ago, or the median of the 4 past weeks). */
  baseline: z.enum(BASELINES).nullable().default(null),
  changeUnit: z.enum(["percent", "stddev"]).default("percent"),
  minVolume: z.number().int().min(0).max(1_000_000_000).default(0),
  noDataMinutes: z.number().int().min(1).max(43_200).nullable().default(null),
  escalationMinutes: z.number().int().min(1).max(10_080).nullable().default(null),
  /** version_regression: the candidate version compared with the baseline (see lib/releases). */
  version: z
    .object({
      by: z.enum(["model", "prompt", "attribute"]),
      key: z.string().trim().max(200).default(""),
      baseline: text,
      candidate: text,
    })
    .nullable()
    .default(null),
});
export type RuleInput = z.infer<typeof ruleInput>;

// The enum-like fields of a rule as read back from Postgres: a row edited by hand, or a value a
// later version dropped (a group dimension), must not reach the SQL builder.
const storedRule = ruleInput
  .pick({ tier: true, metric: true, groupBy: true, comparator: true })
  .extend({ filter: ruleFilter });

/** Why a stored rule cannot be evaluated, naming the field and its value; null when it can. */
export function storedRuleProblem(rule: AlertRule): string | null {
  const parsed = storedRule.safeParse(rule);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const value = issue.path.reduce<unknown>(
      (at, key) => (at as Record<PropertyKey, unknown> | undefined)?.[key],
      rule,
    );
    return `${issue.path.join(".")}: stored value ${JSON.stringify(value)} is not valid (${issue.message})`;
  }
  if (!METRIC_SPECS[parsed.data.metric].groupable && parsed.data.groupBy.length)
    return `groupBy: ${parsed.data.metric} cannot be grouped`;
  if (NOT_BY_USER.includes(parsed.data.metric) && parsed.data.groupBy.includes("user"))
    return `groupBy: ${parsed.data.metric} cannot be grouped by user`;
  return null;
}
export const rulePatch = ruleInput.partial();
export type { AlertRule };

/** Checks what zod cannot: the window for this metric, the score name, the channels' project. */
async function checked(ctx: ProjectContext, input: RuleInput) {
  const windowMinutes = parseWindow(input.window);
  if (windowMinutes === null)
    throw new ServiceError("bad_request", 'window: use minutes or "15m", "1h", "7d"', "window");
  const problem = windowProblem(input.metric, windowMinutes);
  if (problem) throw new ServiceError("bad_request", `window: ${problem}`, "window");
  if (input.metric === "quality_avg" && !input.scoreName)
    throw new ServiceError("bad_request", "scoreName: quality_avg needs the score name to average", "scoreName");
  if (input.metric === "version_regression") {
    if (!input.version)
      throw new ServiceError(
        "bad_request",
        "version: version_regression needs {by, key, baseline, candidate}",
        "version",
      );
    if (input.version.by !== "model" && !input.version.key)
      throw new ServiceError("bad_request", "version.key: names the prompt or the attribute", "version");
    if (input.tier === "dashboard")
      throw new ServiceError("bad_request", "tier: version_regression opens a ticket or pages", "tier");
  }
  const spec = METRIC_SPECS[input.metric];
  if (!spec.groupable && input.groupBy.length)
    throw new ServiceError("bad_request", `groupBy: ${input.metric} cannot be grouped`, "groupBy");
  if (NOT_BY_USER.includes(input.metric) && input.groupBy.includes("user"))
    throw new ServiceError("bad_request", `groupBy: ${input.metric} cannot be grouped by user`, "groupBy");
  if (!spec.filterable && Object.keys(input.filter).length)
    throw new ServiceError("bad_request", `filter: ${input.metric} cannot be filtered`, "filter");
  if (input.baseline && !spec.relative)
    throw new ServiceError("bad_request", `baseline: ${input.metric} is already a change or a duration`, "baseline");
  if (input.changeUnit === "stddev" && input.baseline !== "median_4w")
    throw new ServiceError(
      "bad_request",
      'changeUnit: standard deviations need the "median_4w" baseline',
      "changeUnit",
    );
  if (input.channelIds.length) {
    const c = schema.alertChannels;
    const found = await (
      await db()
    )
      .select({ id: c.id })
      .from(c)
      .where(and(eq(c.projectId, ctx.projectId), inArray(c.id, input.channelIds)));
    const missing = input.channelIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length)
      throw new ServiceError("bad_request", `channelIds: no channel ${missing[0]} in this project`, "channelIds");
  }
  const { window: _window, ...rest } = input;
  return {
    ...rest,
    scoreName: input.metric === "quality_avg" ? input.scoreName! : null,
    version: input.metric === "version_regression" ? input.version : null,
    owner: input.owner ?? null,
    windowMinutes,
  };
}

export const publicRule = (rule: AlertRule) => ({ ...rule, window: formatWindow(rule.windowMinutes) });

export async function createRule({ ctx, input }: { ctx: ProjectContext; input: RuleInput }) {
  requirePermission(ctx, "alerts.manage");
  const values = await checked(ctx, input);
  const id = randomUUID();
  const row = await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "alert_rule.create", details: { id, name: input.name } },
    async (tx) => {
      const [inserted] = await tx
        .insert(schema.alertRules)
        .values({ id, projectId: ctx.projectId, ...values })
        .returning();
      return inserted!;
    },
  );
  return publicRule(row);
}

export async function getRule(ctx: ProjectContext, id: string): Promise<AlertRule> {
  requirePermission(ctx, "project.read");
  const r = schema.alertRules;
  const [row] = await (
    await db()
  )
    .select()
    .from(r)
    .where(and(eq(r.id, id), eq(r.projectId, ctx.projectId)))
    .limit(1);
  if (!row) throw notFound("Alert rule not found");
  return row;
}

export async function listRules(ctx: ProjectContext): Promise<AlertRule[]> {
  requirePermission(ctx, "project.read");
  const r = schema.alertRules;
  return (await db()).select().from(r).where(eq(r.projectId, ctx.projectId)).orderBy(asc(r.createdAt), asc(r.name));
}

export async function updateRule({
  ctx,
  id,
  patch,
}: {
  ctx: ProjectContext;
  id: string;
  patch: z.infer<typeof rulePatch>;
}) {
  requirePermission(ctx, "alerts.manage");
  const current = await getRule(ctx, id);
  const merged = ruleInput.parse({
    ...publicRule(current),
    scoreName: current.scoreName ?? undefined,
    owner: current.owner ?? undefined,
    ...patch,
  });
  const values = await checked(ctx, merged);
  const r = schema.alertRules;
  const row = await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "alert_rule.update", details: { id, ...patch } },
    async (tx) => {
      const [updated] = await tx
        .update(r)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(r.id, id), eq(r.projectId, ctx.projectId)))
        .returning();
      if (!updated) throw notFound("Alert rule not found");
      // A changed condition starts its groups over rather than carrying counts made under the old one.
      await tx
        .delete(schema.alertStates)
        .where(and(eq(schema.alertStates.ruleId, id), eq(schema.alertStates.state, "ok")));
      return updated;
    },
  );
  return publicRule(row);
}

export async function deleteRule({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "alerts.manage");
  await getRule(ctx, id);
  await audited({ projectId: ctx.projectId, actor: ctx.actor, action: "alert_rule.delete", details: { id } }, (tx) =>
    tx
      .delete(schema.alertRules)
      .where(and(eq(schema.alertRules.id, id), eq(schema.alertRules.projectId, ctx.projectId))),
  );
  return { ok: true };
}

/** A rule as it would be saved, without saving it: for the editor's preview. */
export async function draftRule(ctx: ProjectContext, input: RuleInput): Promise<AlertRule> {
  requirePermission(ctx, "project.read");
  const values = await checked(ctx, input);
  const at = new Date();
  return { id: "preview", projectId: ctx.projectId, ...values, lastError: null, createdAt: at, updatedAt: at };
}

/** Rules with their current state per group, for /alerts and GET /api/v1/alert-rules. */
export async function rulesWithStates(ctx: ProjectContext) {
  requirePermission(ctx, "project.read");
  const rules = await listRules(ctx);
  const states = rules.length
    ? await (
        await db()
      )
        .select()
        .from(schema.alertStates)
        .where(
          inArray(
            schema.alertStates.ruleId,
            rules.map((r) => r.id),
          ),
        )
    : [];
  const database = await db();
  const [settings, owned] = await Promise.all([
    alertSettingsOf(ctx.projectId),
    database
      .select({ feature: schema.featureOwners.feature })
      .from(schema.featureOwners)
      .where(eq(schema.featureOwners.projectId, ctx.projectId)),
  ]);
  const reach = {
    defaultAssignee: settings.defaultAssignee,
    ownedFeatures: owned.map((o) => o.feature),
    financeContacts: settings.financeContacts,
  };
  return rules.map((rule) => ({
    ...publicRule(rule),
    /** Why this rule would fire and reach nobody; null when someone hears it. */
    silent: silentReason(rule, reach),
    states: states
      .filter((s) => s.ruleId === rule.id)
      .map(({ ruleId: _r, ...s }) => s)
      .sort((a, b) => a.groupKey.localeCompare(b.groupKey)),
  }));
}

/** Alert events (firing, resolved), newest first. */
export async function listAlertEvents(ctx: ProjectContext, kind?: "firing" | "resolved") {
  requirePermission(ctx, "project.read");
  const e = schema.alertEvents;
  const rows = await (
    await db()
  )
    .select({ event: e, ruleName: schema.alertRules.name, tier: schema.alertRules.tier })
    .from(e)
    .innerJoin(schema.alertRules, eq(schema.alertRules.id, e.ruleId))
    .where(kind ? and(eq(e.projectId, ctx.projectId), eq(e.kind, kind)) : eq(e.projectId, ctx.projectId))
    .orderBy(desc(e.at))
    .limit(200);
  return rows.map((r) => ({ ...r.event, ruleName: r.ruleName, tier: r.tier }));
}
