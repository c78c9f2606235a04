import "server-only";
import { csvNumber, csvRecords, refuseIfRejected } from "./csv-upload";
import { and, eq, sql as dsql } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const entry = z.object({
  tenant: z.string().trim().min(1, "tenant is required").max(200),
  month: z.string().regex(MONTH, "month must be YYYY-MM"),
  revenueUsd: z.number({ error: "revenueUsd must be a number" }).min(0, "revenueUsd must not be negative"),
});
/** The JSON form; each entry is validated on its own so that every bad row can be reported. */
export const revenueJsonBody = z.object({
  entries: z.array(z.unknown()).min(1, "entries must not be empty").max(10_000),
});
export type RevenueEntry = z.infer<typeof entry>;

/** Rows it would reject and why: duplicates and invalid values, each named by row and field. */
export function validateEntries(
  entries: unknown[],
  rowOffset = 0,
): { valid: RevenueEntry[]; rejected: Array<{ row: number; field: string; error: string }> } {
  const valid: RevenueEntry[] = [];
  const rejected: Array<{ row: number; field: string; error: string }> = [];
  const seen = new Map<string, number>();
  entries.forEach((raw, i) => {
    const row = i + rowOffset;
    const parsed = entry.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      rejected.push({ row, field: String(issue.path[0] ?? "row"), error: issue.message });
      return;
    }
    const key = `${parsed.data.tenant}\u0000${parsed.data.month}`;
    if (seen.has(key)) {
      rejected.push({
        row,
        field: "tenant",
        error: `duplicates row ${seen.get(key)} (${parsed.data.tenant}, ${parsed.data.month})`,
      });
      return;
    }
    seen.set(key, row);
    valid.push(parsed.data);
  });
  return { valid, rejected };
}

/** Parses `tenant,month,revenue_usd` CSV into entries; row numbers count the header as row 1. */
export function parseRevenueCsv(text: string): unknown[] {
  const records = csvRecords(text, ["tenant", "month", "revenue_usd"]);
  return records.map((r) => ({
    tenant: r.tenant,
    month: r.month,
    revenueUsd: csvNumber(r.revenue_usd),
  }));
}

/**
 * All or nothing: one rejected row refuses the whole upload. A dry run answers what would be
 * applied and every row it would reject, and changes nothing (the upload preview).
 */
export async function putRevenue({
  ctx,
  entries,
  rowOffset = 0,
  dryRun = false,
}: {
  ctx: ProjectContext;
  entries: unknown[];
  rowOffset?: number;
  dryRun?: boolean;
}) {
  requirePermission(ctx, "finance.write");
  const { valid, rejected } = validateEntries(entries, rowOffset);
  if (dryRun) return { dryRun: true, accepted: valid.length, entries: valid, rejected };
  refuseIfRejected(rejected);
  const database = await db();
  await database.transaction(async (tx) => {
    for (const e of valid) {
      await tx
        .insert(schema.revenue)
        .values({ projectId: ctx.projectId, tenant: e.tenant, month: e.month, revenueUsd: e.revenueUsd })
        .onConflictDoUpdate({
          target: [schema.revenue.projectId, schema.revenue.tenant, schema.revenue.month],
          set: { revenueUsd: e.revenueUsd, updatedAt: dsql`now()` },
        });
    }
    await recordAudit(tx, {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "revenue.put",
      details: { rows: valid.length },
    });
  });
  return { accepted: valid.length };
}

/** Revenue summed per month for the months in [fromMonth, toMonth]. */
export async function revenueByMonth(
  projectId: string,
  fromMonth: string,
  toMonth: string,
): Promise<Map<string, number>> {
  const rows = await (
    await db()
  )
    .select({
      month: schema.revenue.month,
      revenueUsd: dsql<number>`sum(${schema.revenue.revenueUsd})`.mapWith(Number),
    })
    .from(schema.revenue)
    .where(
      and(
        eq(schema.revenue.projectId, projectId),
        dsql`${schema.revenue.month} >= ${fromMonth}`,
        dsql`${schema.revenue.month} <= ${toMonth}`,
      ),
    )
    .groupBy(schema.revenue.month);
  return new Map(rows.map((r) => [r.month, r.revenueUsd]));
}

/** One month's revenue rows, for the Finance page's editor. */
export async function listRevenue({ ctx, month }: { ctx: ProjectContext; month: string }) {
  requirePermission(ctx, "finance.read");
  return revenueForMonth(ctx.projectId, month);
}

export async function revenueForMonth(projectId: string, month: string) {
  return (await db())
    .select()
    .from(schema.revenue)
    .where(and(eq(schema.revenue.projectId, projectId), eq(schema.revenue.month, month)));
}
