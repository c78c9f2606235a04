import "server-only";
import type { Role } from "@/db/postgres/schema";
import { rulesWithStates } from "@/lib/alerts/rules";
import { listTickets } from "@/lib/alerts/tickets";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { belowMarginFloor } from "@/lib/domain/finance/margin-floor";
import { lowerIsBetter } from "@/lib/domain/scores/score-row";
import { monthMargins, monthRange } from "@/lib/finance/margins";
import { revenueForMonth } from "@/lib/finance/revenue";
import type { NamedWindow, Window } from "./read-windows";
import { scoresOf, type ScoreGroup, type ScoreRow } from "./score-reads";
import { cacheRate, usageOf, type UsageRow } from "./usage-reads";

// "Needs attention" on the Overview: what fires, who holds open tickets, which tenants are under
// water, and which features got worse against their own last week.

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
/** A feature's cache hit rate or quality "fell" against its own last week by this much, on enough volume. */
const CACHE_DROP = 0.2; // relative
const CACHE_MIN_INPUT_TOKENS = 10_000;
const QUALITY_DROP = 0.05; // absolute, on a 0..1 score
const QUALITY_MIN_SCORES = 10;

export type AttentionItem =
  | {
      kind: "firing";
      tier: string;
      ruleId: string;
      rule: string;
      metric: string;
      baseline: string | null;
      changeUnit: "percent" | "stddev";
      group: string;
      value: number | null;
    }
  | { kind: "silent"; rules: Array<{ ruleId: string; rule: string; tier: string; reason: string }> }
  | { kind: "tickets"; assignee: string | null; open: number; acknowledged: number }
  | { kind: "margin"; tenant: string; marginPct: number | null; costUsd: number; revenueUsd: number }
  | { kind: "cache_drop"; feature: string; lastWeek: number; weekBefore: number }
  | { kind: "quality_drop"; feature: string; score: string; lastWeek: number; weekBefore: number };

const TIER_ORDER: Record<string, number> = { page: 0, ticket: 1, dashboard: 2 };

/** The windows the attention list compares: each feature's last week against the week before. */
export function attentionWindows(now: Date) {
  const lastWeek = { from: new Date(now.getTime() - WEEK_MS), to: now };
  const weekBefore = { from: new Date(now.getTime() - 2 * WEEK_MS), to: lastWeek.from };
  // Usage is read in whole hours (the rollup's grain), scores to the millisecond.
  const hours = (w: Window) => ({
    from: new Date(Math.floor(w.from.getTime() / HOUR_MS) * HOUR_MS),
    to: new Date(Math.floor(w.to.getTime() / HOUR_MS) * HOUR_MS),
  });
  return {
    usage: [
      { name: "lastWeek", ...hours(lastWeek), by: ["feature"] },
      { name: "weekBefore", ...hours(weekBefore), by: ["feature"] },
    ] satisfies NamedWindow[],
    scores: [
      { name: "lastWeek", ...lastWeek, by: ["feature", "source"] },
      { name: "weekBefore", ...weekBefore, by: ["feature", "source"] },
    ] satisfies NamedWindow[],
  };
}

/** The month's window for tenants under water, read with the other usage when the role reads finance. */
export function marginWindow(role: Role, now: Date): NamedWindow[] {
  return can(role, "finance.read")
    ? [{ name: "month", ...monthRange(now.toISOString().slice(0, 7)), by: ["tenant"] }]
    : [];
}

/** What the attention list reads from Postgres: rules and their states, tickets, this month's revenue. */
export async function attentionRecords(ctx: ProjectContext, now: Date) {
  requirePermission(ctx, "project.read");
  const finance = can(ctx.role, "finance.read");
  const [rules, tickets, revenue] = await Promise.all([
    rulesWithStates(ctx),
    listTickets({ ctx, query: {} }),
    finance ? revenueForMonth(ctx.projectId, now.toISOString().slice(0, 7)) : Promise.resolve(null),
  ]);
  return { rules, tickets: tickets.data, revenue };
}

/**
 * The list, from the Postgres records and the Overview's rollup reads: usage and scores of the
 * windows of attentionWindows, and (with revenue) the month's cost by tenant and GPU type.
 */
export function attentionItems({
  records,
  usage,
  scores,
  now,
}: {
  records: Awaited<ReturnType<typeof attentionRecords>>;
  usage: UsageRow[];
  scores: ScoreRow[];
  now: Date;
}): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const rule of records.rules
    .filter((r) => r.enabled)
    .sort((a, b) => (TIER_ORDER[a.tier] ?? 9) - (TIER_ORDER[b.tier] ?? 9))) {
    for (const s of rule.states.filter((st) => st.state === "firing")) {
      const group =
        Object.entries(s.group)
          .map(([k, v]) => `${k}: ${v || "(none)"}`)
          .join(", ") || "all";
      items.push({
        kind: "firing",
        tier: rule.tier,
        ruleId: rule.id,
        rule: rule.name,
        metric: rule.metric,
        baseline: rule.baseline,
        changeUnit: rule.changeUnit,
        group,
        value: s.lastValue,
      });
    }
  }
  // Page- and ticket-tier rules that would fire and reach nobody, in one line.
  const silent = records.rules.filter((r) => r.enabled && r.silent);
  if (silent.length)
    items.push({
      kind: "silent",
      rules: silent.map((r) => ({ ruleId: r.id, rule: r.name, tier: r.tier, reason: r.silent! })),
    });
  const byAssignee = new Map<string | null, { open: number; acknowledged: number }>();
  for (const t of records.tickets.filter((x) => x.status !== "resolved")) {
    const entry = byAssignee.get(t.assignee) ?? { open: 0, acknowledged: 0 };
    if (t.status === "open") entry.open += 1;
    else entry.acknowledged += 1;
    byAssignee.set(t.assignee, entry);
  }
  for (const [assignee, counts] of byAssignee) items.push({ kind: "tickets", assignee, ...counts });

  if (records.revenue) {
    const month = now.toISOString().slice(0, 7);
    // As margins() has it: cost rows by tenant and GPU type that carry usage.
    const cost = usageOf(usage, "month", "tenant").filter((r) => r.spans !== 0);
    for (const r of monthMargins({ month, now, cost, revenue: records.revenue }).data.filter((row) =>
      belowMarginFloor(row),
    )) {
      items.push({
        kind: "margin",
        tenant: r.tenant,
        marginPct: r.marginPct,
        costUsd: r.costUsd,
        revenueUsd: r.revenueUsd,
      });
    }
  }

  // Against each feature's own last week, not a fixed floor: a feature that never cached is not "down".
  const before = new Map(usageOf(usage, "weekBefore", "feature").map((u) => [u.feature ?? "", u]));
  for (const u of usageOf(usage, "lastWeek", "feature")) {
    const b = before.get(u.feature ?? "");
    const [rNow, rBefore] = [cacheRate(u), cacheRate(b)];
    if (!u.feature || !b || rNow === null || rBefore === null || rBefore === 0) continue;
    if (u.inputTokens < CACHE_MIN_INPUT_TOKENS || b.inputTokens < CACHE_MIN_INPUT_TOKENS) continue;
    if (rNow < rBefore * (1 - CACHE_DROP))
      items.push({ kind: "cache_drop", feature: u.feature, lastWeek: rNow, weekBefore: rBefore });
  }
  const bySource = (window: string) => scoresOf(scores, window, ["feature", "source"]);
  const key = (p: ScoreGroup) => `${p.name}\u0000${p.feature}\u0000${p.source}`;
  const scoreBefore = new Map(bySource("weekBefore").map((p) => [key(p), p]));
  for (const p of bySource("lastWeek")) {
    const b = scoreBefore.get(key(p));
    if (
      !p.feature ||
      !p.name ||
      !b ||
      p.avg === null ||
      b.avg === null ||
      p.count < QUALITY_MIN_SCORES ||
      b.count < QUALITY_MIN_SCORES
    )
      continue;
    const worse = lowerIsBetter(p.name, p.source ?? "") ? p.avg - b.avg : b.avg - p.avg;
    if (worse >= QUALITY_DROP)
      items.push({ kind: "quality_drop", feature: p.feature, score: p.name, lastWeek: p.avg, weekBefore: b.avg });
  }
  return items;
}
