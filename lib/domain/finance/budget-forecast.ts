// The period-end forecast of a budget (pure; days are UTC calendar days). The period is the
// month, the ISO week (Monday start) or the day that contains now; for a day only the rest of
// today is forecast (at r · w(today)).
//
//   history   H = the 28 complete days before today (4 of each weekday)
//   weight    w(d) = mean cost of d's weekday in H / mean daily cost in H   (1 for every day when H cost nothing)
//   run rate  r = mean daily cost of the last 7 complete days (one of each weekday, so already deseasonalised)
//   forecast  = spent so far this period + (1 − share of today elapsed) · r · w(today) + Σ future days of the period r · w(d)
//   runs out  = the first day the cumulative spend (actual up to today, forecast after) reaches the budget
//
// A straight line from day 1 would carry a quiet weekend (or a busy Monday) into the whole month.

import type { BudgetPeriod } from "@/db/postgres/schema/budgets";

const DAY_MS = 86_400_000;
export const dayKey = (t: number) => new Date(t).toISOString().slice(0, 10);
const startOfDay = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

export type BudgetForecast = {
  period: BudgetPeriod;
  /** The month containing now (YYYY-MM), whatever the period. */
  month: string;
  /** First and last day of the period (YYYY-MM-DD, inclusive). */
  periodStart: string;
  periodEnd: string;
  spentUsd: number;
  forecastUsd: number;
  runRateUsd: number;
  /** Weight per weekday, 0 = Sunday (Date.getUTCDay). */
  weekdayWeights: number[];
  usedPct: number | null;
  forecastPct: number | null;
  /** YYYY-MM-DD, or null when the forecast stays under the budget this period. */
  runsOutOn: string | null;
};

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** The month containing `now` and its range, in ms. */
export function monthOf(now: Date): { month: string; from: number; to: number } {
  const from = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return { month: dayKey(from).slice(0, 7), from, to };
}

/** The period containing `now`, in ms (`to` exclusive); weeks start on Monday (ISO), UTC. */
export function periodOf(now: Date, period: BudgetPeriod): { from: number; to: number } {
  const today = startOfDay(now.getTime());
  if (period === "day") return { from: today, to: today + DAY_MS };
  if (period === "week") {
    const from = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS;
    return { from, to: from + 7 * DAY_MS };
  }
  const { from, to } = monthOf(now);
  return { from, to };
}

/** The first day whose cost the forecast needs: the month's first or 28 days before today, whichever is earlier. */
export const forecastHistoryStart = (now: Date) =>
  new Date(Math.min(monthOf(now).from, startOfDay(now.getTime()) - 28 * DAY_MS));

/** `daily`: cost per UTC day (YYYY-MM-DD) from `forecastHistoryStart(now)` up to today (partial); missing days cost 0. */
export function forecastBudget({
  now,
  amountUsd,
  daily,
  period = "month",
}: {
  now: Date;
  amountUsd: number;
  daily: Record<string, number>;
  period?: BudgetPeriod;
}): BudgetForecast {
  const { month } = monthOf(now);
  const { from, to } = periodOf(now, period);
  const today = startOfDay(now.getTime());
  const cost = (t: number) => daily[dayKey(t)] ?? 0;

  const sums = Array<number>(7).fill(0);
  let total = 0;
  for (let t = today - 28 * DAY_MS; t < today; t += DAY_MS) {
    sums[new Date(t).getUTCDay()]! += cost(t);
    total += cost(t);
  }
  const mean = total / 28;
  const weekdayWeights = sums.map((s) => (mean > 0 ? s / 4 / mean : 1));
  const weight = (t: number) => weekdayWeights[new Date(t).getUTCDay()]!;
  let last7 = 0;
  for (let t = today - 7 * DAY_MS; t < today; t += DAY_MS) last7 += cost(t);
  const runRateUsd = last7 / 7;

  let spent = 0;
  let runsOutOn: string | null = null;
  for (let t = from; t <= today; t += DAY_MS) {
    spent += cost(t);
    if (runsOutOn === null && amountUsd > 0 && spent >= amountUsd) runsOutOn = dayKey(t);
  }
  const todayLeft = 1 - (now.getTime() - today) / DAY_MS;
  let forecast = spent + todayLeft * runRateUsd * weight(today);
  if (runsOutOn === null && amountUsd > 0 && forecast >= amountUsd) runsOutOn = dayKey(today);
  for (let t = today + DAY_MS; t < to; t += DAY_MS) {
    forecast += runRateUsd * weight(t);
    if (runsOutOn === null && amountUsd > 0 && forecast >= amountUsd) runsOutOn = dayKey(t);
  }
  const pct = (v: number) => (amountUsd > 0 ? round((v / amountUsd) * 100) : null);
  return {
    period,
    month,
    periodStart: dayKey(from),
    periodEnd: dayKey(to - DAY_MS),
    spentUsd: round(spent),
    forecastUsd: round(forecast),
    runRateUsd: round(runRateUsd),
    weekdayWeights: weekdayWeights.map(round),
    usedPct: pct(spent),
    forecastPct: pct(forecast),
    runsOutOn,
  };
}
