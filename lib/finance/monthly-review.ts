import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { baselineReports, settleAutoBaselines } from "./feature-baselines";
import { featureFigures } from "./feature-figures";
import { monthRange, round } from "./margins";
import { monthMargins } from "./month-close";
import { MONTH } from "./revenue";

// The monthly review: for finance the month's margins (the snapshot once closed), the features
// whose cost moved most against the month before, and the budgets the month overspent; per owner
// their features' cost against the month before, their open tickets, and each feature's month
// against its baseline with the 30/60/90-day marks (lib/finance/feature-baselines.ts).

export const reviewQuery = z.object({
  month: z.string().regex(MONTH, "month must be YYYY-MM"),
  owner: z.email().optional(),
});

const previousMonth = (month: string) => {
  const { from } = monthRange(month);
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

async function costBy(
  ctx: ProjectContext,
  month: string,
  groupBy: ["tenant", "feature"] | ["user"] = ["tenant", "feature"],
) {
  const { from, to } = monthRange(month);
  return (await costMetrics({ ctx, query: { from, to, groupBy } })).data;
}

export async function monthlyReview({
  ctx,
  month,
  owner,
  now = new Date(),
}: {
  ctx: ProjectContext;
  month: string;
  owner?: string;
  now?: Date;
}) {
  requirePermission(ctx, "finance.read");
  const database = await db();
  const [margins, current, previous, budgets, owners, open] = await Promise.all([
    monthMargins({ ctx, month, now }),
    costBy(ctx, month),
    costBy(ctx, previousMonth(month)),
    database.select().from(schema.budgets).where(eq(schema.budgets.projectId, ctx.projectId)),
    database.select().from(schema.featureOwners).where(eq(schema.featureOwners.projectId, ctx.projectId)),
    database
      .select({ feature: schema.tickets.feature })
      .from(schema.tickets)
      .where(and(eq(schema.tickets.projectId, ctx.projectId), ne(schema.tickets.status, "resolved"))),
  ]);
  const sumWhere = (rows: typeof current, keep: (r: (typeof current)[number]) => boolean) =>
    round(rows.filter(keep).reduce((s, r) => s + r.costUsd, 0));
  const features = [...new Set([...current, ...previous].map((r) => r.feature ?? ""))];
  const movers = features
    .map((feature) => {
      const costUsd = sumWhere(current, (r) => r.feature === feature);
      const previousCostUsd = sumWhere(previous, (r) => r.feature === feature);
      return { feature, costUsd, previousCostUsd, changeUsd: round(costUsd - previousCostUsd) };
    })
    .sort((a, b) => Math.abs(b.changeUsd) - Math.abs(a.changeUsd) || a.feature.localeCompare(b.feature));
  // Monthly budgets only: a day or week budget has no one figure for the month to miss.
  const monthly = budgets.filter((b) => b.period === "month");
  const byUser = monthly.some((b) => b.scope === "user") ? await costBy(ctx, month, ["user"]) : [];
  const budgetMisses = monthly
    .map((b) => ({
      scope: b.scope,
      subject: b.subject,
      amountUsd: b.amountUsd,
      spentUsd: sumWhere(
        b.scope === "user" ? byUser : current,
        (r) => b.scope === "project" || r[b.scope] === b.subject,
      ),
    }))
    .filter((b) => b.spentUsd > b.amountUsd)
    .map((b) => ({ ...b, overUsd: round(b.spentUsd - b.amountUsd) }));
  const owned = owners.filter((o) => !owner || o.ownerEmail.toLowerCase() === owner.toLowerCase());
  await settleAutoBaselines(ctx.projectId, now);
  const { from: monthFrom, to: monthTo } = monthRange(month);
  const [baselines, monthFigures] = await Promise.all([
    baselineReports(
      ctx.projectId,
      owned.map((o) => o.feature),
      now,
    ),
    owned.length ? featureFigures(ctx.projectId, monthFrom, monthTo) : new Map<string, never>(),
  ]);
  const ownerRows = owned
    .map((o) => {
      const m = movers.find((x) => x.feature === o.feature);
      const f = monthFigures.get(o.feature);
      const b = baselines.get(o.feature);
      return {
        owner: o.ownerEmail,
        feature: o.feature,
        costUsd: m?.costUsd ?? 0,
        previousCostUsd: m?.previousCostUsd ?? 0,
        changeUsd: m?.changeUsd ?? 0,
        openTickets: open.filter((t) => t.feature === o.feature).length,
        /** The month's figures beside the baseline's (null: no requests or scores that month). */
        month: {
          costPerRequestUsd: f?.costPerRequestUsd ?? null,
          errorRate: f?.errorRate ?? null,
          p95Ms: f?.p95Ms ?? null,
          quality: f?.quality ?? null,
        },
        baseline: b ? { source: b.source, setAt: b.setAt, ...b.baseline } : null,
        marks: b?.marks ?? { d30: null, d60: null, d90: null },
      };
    })
    .sort((a, b) => a.owner.localeCompare(b.owner) || a.feature.localeCompare(b.feature));
  return {
    month,
    previousMonth: previousMonth(month),
    closed: margins.closed,
    totals: margins.totals,
    margins: margins.data,
    movers: movers.slice(0, 10),
    budgetMisses,
    owners: ownerRows,
  };
}

type Figures = {
  costPerRequestUsd: number | null;
  errorRate: number | null;
  p95Ms: number | null;
  quality: number | null;
};
/** A figure not known (no baseline, a mark not reached, nothing measured) is an empty cell. */
const figureCells = (f: Figures | null): [number | string, number | string, number | string, number | string] => [
  f?.costPerRequestUsd ?? "",
  f?.errorRate ?? "",
  f?.p95Ms ?? "",
  f?.quality ?? "",
];

export const REVIEW_CSV_COLUMNS = ["section", "name", "value_1", "value_2", "value_3", "value_4"];

/** One CSV for the review: a `section` column says which table each row belongs to. */
export function reviewCsvRows(review: Awaited<ReturnType<typeof monthlyReview>>) {
  const row = (
    section: string,
    name: string,
    a: number | string,
    b: number | string,
    c: number | string,
    d: number | string,
  ) => ({
    section,
    name,
    value_1: typeof a === "number" ? a.toFixed(6) : a,
    value_2: typeof b === "number" ? b.toFixed(6) : b,
    value_3: typeof c === "number" ? c.toFixed(6) : c,
    value_4: typeof d === "number" ? d.toFixed(6) : d,
  });
  return [
    ...review.margins.map((m) =>
      row(
        "margin (revenue, cost, margin, margin %)",
        m.tenant,
        m.revenueUsd,
        m.costUsd,
        m.marginUsd,
        m.marginPct ?? "",
      ),
    ),
    ...review.movers.map((m) =>
      row("mover (cost, previous, change)", m.feature, m.costUsd, m.previousCostUsd, m.changeUsd, ""),
    ),
    ...review.budgetMisses.map((b) =>
      row("budget miss (budget, spent, over)", `${b.scope}:${b.subject}`, b.amountUsd, b.spentUsd, b.overUsd, ""),
    ),
    ...review.owners.map((o) =>
      row(
        "owner (cost, previous, change, open tickets)",
        `${o.owner} ${o.feature}`,
        o.costUsd,
        o.previousCostUsd,
        o.changeUsd,
        String(o.openTickets),
      ),
    ),
    ...review.owners.flatMap((o) =>
      (
        [
          ["month", o.month],
          ["baseline", o.baseline],
          ["30 days", o.marks.d30],
          ["60 days", o.marks.d60],
          ["90 days", o.marks.d90],
        ] as const
      ).map(([label, f]) =>
        row(
          "owner baseline (cost per request, error rate, p95 ms, quality)",
          `${o.owner} ${o.feature} ${label}`,
          ...figureCells(f),
        ),
      ),
    ),
  ];
}
