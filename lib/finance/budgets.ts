import "server-only";
import { csvNumber, csvRecords, refuseIfRejected } from "./csv-upload";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema, type Database } from "@/db/postgres/client";
import { BUDGET_PERIODS, BUDGET_SCOPES, type Budget, type BudgetPeriod, type BudgetScope } from "@/db/postgres/schema";
import { offerBudgetRules } from "@/lib/alerts/starter-rules";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import {
  dayKey,
  forecastBudget,
  forecastHistoryStart,
  type BudgetForecast,
} from "@/lib/domain/finance/budget-forecast";

// Budgets in USD per day, ISO week or month for the project, a tenant, a feature or an end user.
// PUT replaces the whole set (all rows valid or none applied, each rejected row named by number
// and field); reads carry the period's spend so far, the forecast to its end and the day it runs out.

const budgetEntry = z
  .object({
    scope: z.enum(BUDGET_SCOPES, { message: `scope must be one of ${BUDGET_SCOPES.join(", ")}` }),
    subject: z.string().trim().max(200).default(""),
    amountUsd: z.number({ error: "amountUsd must be a number" }).positive("amountUsd must be above 0").finite(),
    period: z.enum(BUDGET_PERIODS, { message: `period must be one of ${BUDGET_PERIODS.join(", ")}` }).default("month"),
  })
  .refine((b) => (b.scope === "project" ? b.subject === "" : b.subject !== ""), {
    message: "subject names the tenant, feature or end user, and is empty for the project",
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

/** `scope,subject,amount_usd[,period]` CSV into entries (no or an empty period: month); the header is row 1. */
export function parseBudgetCsv(text: string): unknown[] {
  const records = csvRecords(text, ["scope", "subject", "amount_usd"]);
  return records.map((r) => ({
    scope: r.scope,
    subject: r.subject ?? "",
    amountUsd: csvNumber(r.amount_usd),
    ...(r.period ? { period: r.period } : {}),
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
      if (!valid.length) return;
      await tx.insert(schema.budgets).values(valid.map((b) => ({ projectId: ctx.projectId, ...b })));
      await offerBudgetRules(tx, ctx.projectId);
    },
  );
  return { accepted: valid.length };
}

/** The period of the budget an alert group stands for ({} the project's, else { scope: subject }); month if gone. */
export async function budgetPeriodOf(
  projectId: string,
  group: Record<string, string>,
  database?: Database,
): Promise<BudgetPeriod> {
  const [scope, subject] = Object.entries(group)[0] ?? ["project", ""];
  const [row] = await (database ?? (await db()))
    .select({ period: schema.budgets.period })
    .from(schema.budgets)
    .where(
      and(
        eq(schema.budgets.projectId, projectId),
        eq(schema.budgets.scope, scope as BudgetScope),
        eq(schema.budgets.subject, subject),
      ),
    );
  return row?.period ?? "month";
}

export type BudgetStatus = Pick<Budget, "scope" | "subject" | "amountUsd"> & BudgetForecast;

/** Every budget of the project with its period so far and forecast; for callers without a role (the alert pass). */
export async function budgetStatuses(projectId: string, now = new Date()): Promise<BudgetStatus[]> {
  const rows = await (await db()).select().from(schema.budgets).where(eq(schema.budgets.projectId, projectId));
  if (!rows.length) return [];
  const ctx = { projectId, role: "admin" as const, actor: { type: "system" as const } };
  const daily = (groupBy: ["tenant", "feature"] | ["user"]) =>
    costMetrics({ ctx, query: { from: forecastHistoryStart(now), to: now, interval: "day", groupBy } });
  // End users are many: their daily cost is read only when a user budget needs it.
  const [byTenantFeature, byUser] = await Promise.all([
    daily(["tenant", "feature"]),
    rows.some((b) => b.scope === "user") ? daily(["user"]) : null,
  ]);
  return rows
    .map((b) => {
      const days: Record<string, number> = {};
      for (const c of (b.scope === "user" ? byUser : byTenantFeature)?.data ?? []) {
        if (b.scope !== "project" && c[b.scope] !== b.subject) continue;
        const day = dayKey(new Date(c.bucket!).getTime());
        days[day] = (days[day] ?? 0) + c.costUsd;
      }
      return {
        scope: b.scope,
        subject: b.subject,
        amountUsd: b.amountUsd,
        ...forecastBudget({ now, amountUsd: b.amountUsd, daily: days, period: b.period }),
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
