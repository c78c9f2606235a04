import "server-only";
import { csvNumber, csvRecords, refuseIfRejected } from "./csv-upload";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { BUDGET_SCOPES, type Budget } from "@/db/postgres/schema";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import {
  dayKey,
  forecastBudget,
  forecastHistoryStart,
  type BudgetForecast,
} from "@/lib/domain/finance/budget-forecast";

// Monthly budgets in USD for the project, a tenant or a feature. PUT replaces the whole set (all
// rows valid or none applied, each rejected row named by number and field); reads carry the
// month-to-date spend, the forecast to the month's end and the day it runs out.

const budgetEntry = z
  .object({
    scope: z.enum(BUDGET_SCOPES, { message: `scope must be one of ${BUDGET_SCOPES.join(", ")}` }),
    subject: z.string().trim().max(200).default(""),
    amountUsd: z.number({ error: "amountUsd must be a number" }).positive("amountUsd must be above 0").finite(),
  })
  .refine((b) => (b.scope === "project" ? b.subject === "" : b.subject !== ""), {
    message: "subject names the tenant or feature, and is empty for the project",
    path: ["subject"],
  });
export type BudgetEntry = z.infer<typeof budgetEntry>;
export const budgetsBody = z.object({ budgets: z.array(z.unknown()).max(5_000) });

type Rejected = { row: number; field: string; error: string };

export function validateBudgets(entries: unknown[], rowOffset = 0): { valid: BudgetEntry[]; rejected: Rejected[] } {
  const valid: BudgetEntry[] = [];
  const rejected: Rejected[] = [];
  const seen = new Map<string, number>();
  entries.forEach((raw, i) => {
    const row = i + rowOffset;
    const parsed = budgetEntry.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      rejected.push({ row, field: String(issue.path[0] ?? "row"), error: issue.message });
      return;
    }
    const key = `${parsed.data.scope}\u0000${parsed.data.subject}`;
    if (seen.has(key)) {
      rejected.push({ row, field: "subject", error: `duplicates row ${seen.get(key)} (${parsed.data.scope})` });
      return;
    }
    seen.set(key, row);
    valid.push(parsed.data);
  });
  return { valid, rejected };
}

/** `scope,subject,amount_usd` CSV into entries; row numbers count the header as row 1. */
export function parseBudgetCsv(text: string): unknown[] {
  const records = csvRecords(text, ["scope", "subject", "amount_usd"]);
  return records.map((r) => ({
    scope: r.scope,
    subject: r.subject ?? "",
    amountUsd: csvNumber(r.amount_usd),
  }));
}

export async function putBudgets({
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
  const { valid, rejected } = validateBudgets(entries, rowOffset);
  if (dryRun) return { dryRun: true, accepted: valid.length, budgets: valid, rejected };
  refuseIfRejected(rejected);
  await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "budgets.put", details: { budgets: valid.length } },
    async (tx) => {
      await tx.delete(schema.budgets).where(eq(schema.budgets.projectId, ctx.projectId));
      if (valid.length) await tx.insert(schema.budgets).values(valid.map((b) => ({ projectId: ctx.projectId, ...b })));
    },
  );
  return { accepted: valid.length };
}

export type BudgetStatus = Pick<Budget, "scope" | "subject" | "amountUsd"> & BudgetForecast;

/** Every budget of the project with its month to date and forecast; for callers without a role (the alert pass). */
export async function budgetStatuses(projectId: string, now = new Date()): Promise<BudgetStatus[]> {
  const rows = await (await db()).select().from(schema.budgets).where(eq(schema.budgets.projectId, projectId));
  if (!rows.length) return [];
  const ctx = { projectId, role: "admin" as const, actor: { type: "system" as const } };
  const cost = await costMetrics({
    ctx,
    query: { from: forecastHistoryStart(now), to: now, interval: "day", groupBy: ["tenant", "feature"] },
  });
  return rows
    .map((b) => {
      const daily: Record<string, number> = {};
      for (const c of cost.data) {
        if (b.scope !== "project" && c[b.scope] !== b.subject) continue;
        const day = dayKey(new Date(c.bucket!).getTime());
        daily[day] = (daily[day] ?? 0) + c.costUsd;
      }
      return {
        scope: b.scope,
        subject: b.subject,
        amountUsd: b.amountUsd,
        ...forecastBudget({ now, amountUsd: b.amountUsd, daily }),
      };
    })
    .sort(
      (a, b) => BUDGET_SCOPES.indexOf(a.scope) - BUDGET_SCOPES.indexOf(b.scope) || a.subject.localeCompare(b.subject),
    );
}

/** Budgets with spend and forecast. Everyone who reads cost reads budgets: owners answer for them. */
export async function listBudgets({ ctx, now }: { ctx: ProjectContext; now?: Date }) {
  requirePermission(ctx, "project.read");
  return { data: await budgetStatuses(ctx.projectId, now) };
}
