import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { notFound, ServiceError } from "@/lib/api/errors";
import { actorLabel, audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { costDrilldown, type DrillNode } from "./cost-drilldown";
import { margins, monthRange, round } from "./margins";
import { MONTH } from "./revenue";

// Month close: finance freezes a month's margins and its cost per tenant → feature → model, with
// the price catalog version that produced them. From then on the month is read from the snapshot;
// a later re-price or late spans show as "the live figure differs by $X", never as a silent change.

export const monthBody = z.object({ month: z.string().regex(MONTH, "month must be YYYY-MM") });
type Margins = Awaited<ReturnType<typeof margins>>;
export type MonthSnapshot = { margins: Margins; drilldown: DrillNode[] };

async function closeRow(projectId: string, month: string) {
  const [row] = await (
    await db()
  )
    .select()
    .from(schema.monthCloses)
    .where(and(eq(schema.monthCloses.projectId, projectId), eq(schema.monthCloses.month, month)))
    .limit(1);
  return row ?? null;
}

export async function closeMonth({ ctx, month, now = new Date() }: { ctx: ProjectContext; month: string; now?: Date }) {
  requirePermission(ctx, "finance.write");
  if (monthRange(month).to > now)
    throw new ServiceError("bad_request", "month: only a month that has ended can be closed", "month");
  if (await closeRow(ctx.projectId, month))
    throw new ServiceError("conflict", `month: ${month} is already closed`, "month");
  const [m, drill] = await Promise.all([margins({ ctx, month, now }), costDrilldown({ ctx, month })]);
  const snapshot: MonthSnapshot = { margins: m, drilldown: drill.data };
  await audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "month.close",
      target: month,
      details: { costUsd: m.totals.costUsd, catalogVersion: m.catalogVersion },
    },
    (tx) =>
      tx
        .insert(schema.monthCloses)
        .values({
          projectId: ctx.projectId,
          month,
          closedAt: now,
          closedBy: actorLabel(ctx.actor),
          catalogVersion: m.catalogVersion,
          costUsd: m.totals.costUsd,
          snapshot,
        })
        .onConflictDoNothing(),
  );
  return monthMargins({ ctx, month, now });
}

/** Reopening needs finance or admin (finance.write) and leaves the snapshot's figures in the audit log. */
export async function reopenMonth({ ctx, month }: { ctx: ProjectContext; month: string }) {
  requirePermission(ctx, "finance.write");
  const row = await closeRow(ctx.projectId, month);
  if (!row) throw notFound(`month ${month} is not closed`);
  await audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "month.reopen",
      target: month,
      details: {
        closedAt: row.closedAt.toISOString(),
        closedBy: row.closedBy,
        costUsd: row.costUsd,
        catalogVersion: row.catalogVersion,
      },
    },
    (tx) =>
      tx
        .delete(schema.monthCloses)
        .where(and(eq(schema.monthCloses.projectId, ctx.projectId), eq(schema.monthCloses.month, month))),
  );
  return { month, reopened: true };
}

export async function listClosedMonths({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "finance.read");
  const rows = await (
    await db()
  )
    .select({
      month: schema.monthCloses.month,
      closedAt: schema.monthCloses.closedAt,
      closedBy: schema.monthCloses.closedBy,
      catalogVersion: schema.monthCloses.catalogVersion,
      costUsd: schema.monthCloses.costUsd,
    })
    .from(schema.monthCloses)
    .where(eq(schema.monthCloses.projectId, ctx.projectId))
    .orderBy(desc(schema.monthCloses.month));
  return { data: rows };
}

/**
 * A month's margins as finance should read them: the snapshot when the month is closed (with what
 * the live figure would say and by how much it differs), the live computation otherwise.
 */
export async function monthMargins({
  ctx,
  month,
  now = new Date(),
}: {
  ctx: ProjectContext;
  month: string;
  now?: Date;
}) {
  requirePermission(ctx, "finance.read");
  const [row, live] = await Promise.all([closeRow(ctx.projectId, month), margins({ ctx, month, now })]);
  if (!row) return { ...live, closed: null, drilldown: null };
  const snapshot = row.snapshot as unknown as MonthSnapshot;
  return {
    ...snapshot.margins,
    drilldown: snapshot.drilldown,
    closed: {
      closedAt: row.closedAt.toISOString(),
      closedBy: row.closedBy,
      catalogVersion: row.catalogVersion,
      live: {
        costUsd: live.totals.costUsd,
        marginUsd: live.totals.marginUsd,
        catalogVersion: live.catalogVersion,
        /** Live cost − frozen cost; 0 when nothing changed since closing. */
        differenceUsd: round(live.totals.costUsd - row.costUsd),
      },
    },
  };
}
