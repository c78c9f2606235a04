import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { evaluateRule } from "./evaluate";
import { metricSeries, previewRule } from "./preview";
import { draftRule, getRule, type RuleInput } from "./rules";

// A rule run on request rather than by the background job: evaluated now (it may fire and
// notify), replayed as a sparkline, or previewed unsaved.

export async function evaluateRuleNow({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "alerts.manage");
  return evaluateRule(await getRule(ctx, id));
}

/** The rule's metric per group at 12 points over the last 12 windows (at least 1 hour apart). */
export async function ruleSeries({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "project.read");
  const rule = await getRule(ctx, id);
  return metricSeries(rule, { points: 12, stepMs: Math.max(rule.windowMinutes, 60) * 60_000 });
}

/** What a rule (not saved) would have done over the last 7 days; notifies nobody. */
export async function previewDraftRule({ ctx, input }: { ctx: ProjectContext; input: RuleInput }) {
  requirePermission(ctx, "project.read");
  return previewRule(await draftRule(ctx, input));
}
