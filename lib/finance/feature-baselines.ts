import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import type { FeatureBaseline } from "@/db/postgres/schema";
import { forbidden, ServiceError } from "@/lib/api/errors";
import { actorLabel, audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { featureFigures, featureFirstSeen, type FeatureFigures } from "./feature-figures";

// Per feature a baseline (cost per request, error rate, p95, quality), and its figures 30, 60
// and 90 days after the baseline was set. Auto: measured over the first 7 days after the
// feature's first request, stored once those days are over (set at their end). An owner or an
// admin may set it instead (measured over a window they name, or figures they give).

const DAY_MS = 86_400_000;
export const BASELINE_DAYS = 7;
export const MARK_DAYS = [30, 60, 90] as const;

export type BaselineFigures = Pick<FeatureFigures, "costPerRequestUsd" | "errorRate" | "p95Ms" | "quality">;
const figuresOf = (f: FeatureFigures | BaselineFigures | undefined): BaselineFigures => ({
  costPerRequestUsd: f?.costPerRequestUsd ?? null,
  errorRate: f?.errorRate ?? null,
  p95Ms: f?.p95Ms ?? null,
  quality: f?.quality ?? null,
});

/** Stores the auto baseline of every feature whose first 7 days are over and that has none (idempotent). */
export async function settleAutoBaselines(projectId: string, now = new Date()): Promise<number> {
  const database = await db();
  const [firstSeen, existing] = await Promise.all([
    featureFirstSeen(projectId),
    database
      .select({ feature: schema.featureBaselines.feature })
      .from(schema.featureBaselines)
      .where(eq(schema.featureBaselines.projectId, projectId)),
  ]);
  const due = [...firstSeen].filter(
    ([feature, first]) =>
      !existing.some((e) => e.feature === feature) && first.getTime() + BASELINE_DAYS * DAY_MS <= now.getTime(),
  );
  let stored = 0;
  for (const [feature, first] of due) {
    const windowTo = new Date(first.getTime() + BASELINE_DAYS * DAY_MS);
    const figures = figuresOf((await featureFigures(projectId, first, windowTo)).get(feature));
    const inserted = await database
      .insert(schema.featureBaselines)
      .values({ projectId, feature, source: "auto", setAt: windowTo, windowFrom: first, windowTo, ...figures })
      .onConflictDoNothing()
      .returning({ feature: schema.featureBaselines.feature });
    stored += inserted.length;
  }
  return stored;
}

const figure = z.number().finite().min(0).nullable().optional();
export const baselineInput = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    costPerRequestUsd: figure,
    errorRate: z.number().finite().min(0).max(1).nullable().optional(),
    p95Ms: figure,
    quality: z.number().finite().nullable().optional(),
  })
  .strict()
  .refine((b) => (b.from === undefined) === (b.to === undefined), {
    message: "from and to go together: the window to measure the baseline over",
    path: ["to"],
  })
  .refine((b) => !b.from || !b.to || Date.parse(b.from) < Date.parse(b.to), {
    message: "to must be after from",
    path: ["to"],
  })
  .refine(
    (b) => b.from !== undefined || [b.costPerRequestUsd, b.errorRate, b.p95Ms, b.quality].some((v) => v !== undefined),
    { message: "give a window (from, to) or at least one figure", path: ["from"] },
  );
export type BaselineInput = z.infer<typeof baselineInput>;

/** An admin, or the member who owns the feature (by e-mail, `feature_owners`). */
async function requireOwnerOrAdmin(ctx: ProjectContext, feature: string) {
  if (ctx.role === "admin") return;
  const database = await db();
  const [owner] = await database
    .select({ email: schema.featureOwners.ownerEmail })
    .from(schema.featureOwners)
    .where(and(eq(schema.featureOwners.projectId, ctx.projectId), eq(schema.featureOwners.feature, feature)));
  const [me] =
    ctx.actor.type === "user"
      ? await database
          .select({ email: schema.users.email })
          .from(schema.users)
          .where(eq(schema.users.id, ctx.actor.userId))
      : [];
  if (!owner || !me || owner.email.toLowerCase() !== me.email.toLowerCase())
    throw forbidden(`Only the owner of ${feature} or an admin may set its baseline`);
}

/** `PUT /api/v1/features/{feature}/baseline`: measured over [from, to), figures given override; set now. */
export async function putFeatureBaseline({
  ctx,
  feature,
  input,
  now = new Date(),
}: {
  ctx: ProjectContext;
  feature: string;
  input: BaselineInput;
  now?: Date;
}) {
  requirePermission(ctx, "project.read");
  await requireOwnerOrAdmin(ctx, feature);
  if (!feature.trim() || feature.length > 200)
    throw new ServiceError("bad_request", "feature: 1 to 200 characters", "feature");
  const windowFrom = input.from ? new Date(input.from) : null;
  const windowTo = input.to ? new Date(input.to) : null;
  const measured =
    windowFrom && windowTo
      ? figuresOf((await featureFigures(ctx.projectId, windowFrom, windowTo)).get(feature))
      : figuresOf(undefined);
  const given = Object.fromEntries(
    (["costPerRequestUsd", "errorRate", "p95Ms", "quality"] as const)
      .filter((k) => input[k] !== undefined)
      .map((k) => [k, input[k] ?? null]),
  );
  const values = {
    source: "owner" as const,
    setAt: now,
    setBy: actorLabel(ctx.actor),
    windowFrom,
    windowTo,
    ...measured,
    ...given,
    updatedAt: now,
  };
  await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "feature_baseline.put", target: feature, details: values },
    (tx) =>
      tx
        .insert(schema.featureBaselines)
        .values({ projectId: ctx.projectId, feature, ...values })
        .onConflictDoUpdate({
          target: [schema.featureBaselines.projectId, schema.featureBaselines.feature],
          set: values,
        }),
  );
  return getFeatureBaseline({ ctx, feature, now });
}

export type BaselineReport = {
  feature: string;
  source: FeatureBaseline["source"];
  setAt: string;
  baseline: BaselineFigures;
  /** The 7 days ending 30, 60 and 90 days after `setAt`; null until that day has come. */
  marks: Record<`d${(typeof MARK_DAYS)[number]}`, BaselineFigures | null>;
};

/** Baselines with their 30/60/90-day marks, for callers without a role (the review, the mail). */
export async function baselineReports(
  projectId: string,
  features: string[],
  now: Date,
): Promise<Map<string, BaselineReport>> {
  const rows = (
    await (await db()).select().from(schema.featureBaselines).where(eq(schema.featureBaselines.projectId, projectId))
  ).filter((b) => features.includes(b.feature));
  // One read per mark instant, shared by the features whose mark falls on it.
  const reads = new Map<number, Promise<Map<string, FeatureFigures>>>();
  const at = (t: number) => {
    if (!reads.has(t)) reads.set(t, featureFigures(projectId, new Date(t - BASELINE_DAYS * DAY_MS), new Date(t)));
    return reads.get(t)!;
  };
  const out = new Map<string, BaselineReport>();
  for (const b of rows) {
    const marks = {} as BaselineReport["marks"];
    for (const days of MARK_DAYS) {
      const t = b.setAt.getTime() + days * DAY_MS;
      marks[`d${days}`] = t <= now.getTime() ? figuresOf((await at(t)).get(b.feature)) : null;
    }
    out.set(b.feature, {
      feature: b.feature,
      source: b.source,
      setAt: b.setAt.toISOString(),
      baseline: figuresOf(b),
      marks,
    });
  }
  return out;
}

export async function getFeatureBaseline({
  ctx,
  feature,
  now = new Date(),
}: {
  ctx: ProjectContext;
  feature: string;
  now?: Date;
}) {
  requirePermission(ctx, "project.read");
  await settleAutoBaselines(ctx.projectId, now);
  const report = (await baselineReports(ctx.projectId, [feature], now)).get(feature);
  if (!report) throw new ServiceError("not_found", `${feature} has no baseline yet (its first 7 days are not over)`);
  return report;
}
