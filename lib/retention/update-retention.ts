import "server-only";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { applyRetention, type RetentionResult } from "./apply-retention";
import { forgetMetricLifetime } from "./metric-lifetime";
import {
  markRetentionApplied,
  metricDaysOf,
  saveRetentionSettings,
  type RetentionSettings,
} from "./retention-settings";

/**
 * Saves the project's retention and applies it to what is stored at once (the hourly pass keeps
 * it applied afterwards). A shorter lifetime removes rows now; a longer one keeps what is left
 * (rows already removed do not come back).
 */
export async function updateRetention({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: RetentionSettings;
}): Promise<{ settings: RetentionSettings & { effectiveMetricDays: number }; removed: RetentionResult }> {
  requirePermission(ctx, "settings.manage");
  // The audit records the change of settings; what applying them removed is in the answer.
  await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "settings.retention", details: { ...input } },
    (tx) => saveRetentionSettings(ctx.projectId, input, tx),
  );
  forgetMetricLifetime(ctx.projectId);
  const startedAt = new Date();
  const removed = await applyRetention(ctx.projectId, input, startedAt);
  await markRetentionApplied(ctx.projectId, startedAt);
  return { settings: { ...input, effectiveMetricDays: metricDaysOf(input) }, removed };
}
