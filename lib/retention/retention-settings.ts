import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema, type Database } from "@/db/postgres/client";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { env } from "@/lib/config/env";

const days = z.number().int().min(1).max(3650).nullable();
export const retentionSettingsInput = z
  .object({
    /** Spans, with their traces in the list (the `traces` and `trace_index` rollups). */
    spanDays: days,
    /** Payload columns of spans (messages, documents, tool arguments and results, events, attributes), blanked earlier. */
    payloadDays: days,
    logDays: days,
    /** OTLP metric points; null: the server's METRICS_RETENTION_DAYS. */
    metricDays: days,
    scoreDays: days,
    /** The hourly and daily cost rollups: cost history kept as aggregates after the spans go. */
    costDays: days,
  })
  .superRefine((s, ctx) => {
    // Payloads go with their span at the latest; cost of a trace still listed stays in /cost.
    if (s.payloadDays !== null && s.spanDays !== null && s.payloadDays > s.spanDays) {
      ctx.addIssue({
        code: "custom",
        path: ["payloadDays"],
        message: "payloadDays cannot exceed spanDays (payloads go with their span at the latest)",
      });
    }
    if (s.costDays !== null && (s.spanDays === null || s.costDays < s.spanDays)) {
      ctx.addIssue({
        code: "custom",
        path: ["costDays"],
        message: "costDays must be at least spanDays (the cost of a listed trace stays in /cost)",
      });
    }
  });

export type RetentionSettings = z.infer<typeof retentionSettingsInput>;
export const KEEP_EVERYTHING: RetentionSettings = {
  spanDays: null,
  payloadDays: null,
  logDays: null,
  metricDays: null,
  scoreDays: null,
  costDays: null,
};

export async function storedRetention(projectId: string): Promise<RetentionSettings & { appliedAt: Date | null }> {
  const [row] = await (await db())
    .select()
    .from(schema.retentionSettings)
    .where(eq(schema.retentionSettings.projectId, projectId))
    .limit(1);
  if (!row) return { ...KEEP_EVERYTHING, appliedAt: null };
  const { spanDays, payloadDays, logDays, metricDays, scoreDays, costDays, appliedAt } = row;
  return { spanDays, payloadDays, logDays, metricDays, scoreDays, costDays, appliedAt };
}

/** Metric points always have a lifetime: the project's, else the server's default. */
export const metricDaysOf = (settings: Pick<RetentionSettings, "metricDays">): number =>
  settings.metricDays ?? env().metricsRetentionDays;

export async function getRetentionSettings({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "settings.view");
  const stored = await storedRetention(ctx.projectId);
  return { ...stored, effectiveMetricDays: metricDaysOf(stored) };
}

export async function saveRetentionSettings(
  projectId: string,
  input: RetentionSettings,
  database?: Database,
): Promise<void> {
  const values = { ...input, updatedAt: new Date() };
  await (database ?? (await db()))
    .insert(schema.retentionSettings)
    .values({ projectId, ...values })
    .onConflictDoUpdate({ target: schema.retentionSettings.projectId, set: values });
}

export async function markRetentionApplied(projectId: string, at: Date): Promise<void> {
  await (await db())
    .update(schema.retentionSettings)
    .set({ appliedAt: at })
    .where(eq(schema.retentionSettings.projectId, projectId));
}
