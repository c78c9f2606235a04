import { describe, expect, it } from "vitest";
import { forecastBudget, forecastHistoryStart, periodOf } from "./budget-forecast";

const DAY = 86_400_000;
/** Weekdays cost $10, weekends $2, from 2026-11-01 to 2026-12-19; $1 so far on Sunday 2026-12-20. */
function pattern(): Record<string, number> {
  const daily: Record<string, number> = {};
  for (let t = Date.UTC(2026, 10, 1); t < Date.UTC(2026, 11, 20); t += DAY) {
    const wd = new Date(t).getUTCDay();
    daily[new Date(t).toISOString().slice(0, 10)] = wd === 0 || wd === 6 ? 2 : 10;
  }
  daily["2026-12-20"] = 1;
  return daily;
}
const now = new Date("2026-12-20T12:00:00Z");

describe("budget forecast", () => {
  it("carries the weekday pattern of the last 4 weeks to the month's end (hand-computed)", () => {
    const f = forecastBudget({ now, amountUsd: 200, daily: pattern() });
    // History 2026-11-22..12-19: 20 weekdays × 10 + 8 weekend days × 2 = 216, mean 216/28.
    expect(f.weekdayWeights[1]).toBeCloseTo(280 / 216, 6);
    expect(f.weekdayWeights[0]).toBeCloseTo(56 / 216, 6);
    // Last 7 days: 5 × 10 + 2 × 2 = 54.
    expect(f.runRateUsd).toBeCloseTo(54 / 7, 6);
    // Spent: 1..19 December = 14 weekdays × 10 + 5 weekend days × 2 = 150, plus $1 today.
    expect(f.spentUsd).toBe(151);
    // Half of Sunday left (0.5 × 2 = 1), then 21..31: 9 weekdays × 10 + 2 weekend days × 2 = 94.
    expect(f.forecastUsd).toBeCloseTo(246, 6);
    expect(f.usedPct).toBeCloseTo(75.5, 6);
    expect(f.forecastPct).toBeCloseTo(123, 6);
    // 152 at the end of the 20th, then +10 a weekday: 162, 172, 182, 192, 202 on Friday the 25th.
    expect(f.runsOutOn).toBe("2026-12-25");
    // Not a straight line from day 1 (151 / (19.5 / 31) ≈ 240.05).
    expect(f.forecastUsd).not.toBeCloseTo(151 / (19.5 / 31), 1);
  });

  it("names the day spend already reached the budget, and none when it stays under", () => {
    // 1..17 December: 138; the 18th (Friday) brings 148.
    expect(forecastBudget({ now, amountUsd: 140, daily: pattern() }).runsOutOn).toBe("2026-12-18");
    expect(forecastBudget({ now, amountUsd: 1000, daily: pattern() }).runsOutOn).toBeNull();
  });

  it("is flat with no history, and reads the history from 28 days before today or the month's start", () => {
    const f = forecastBudget({ now: new Date("2026-12-03T06:00:00Z"), amountUsd: 10, daily: { "2026-12-03": 4 } });
    expect(f).toMatchObject({ spentUsd: 4, forecastUsd: 4, runRateUsd: 0, forecastPct: 40, runsOutOn: null });
    expect(f.weekdayWeights).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(forecastHistoryStart(now).toISOString()).toBe("2026-11-22T00:00:00.000Z");
  });

  it("forecasts the ISO week and the day over their remaining days (hand-computed)", () => {
    // Sunday the 20th belongs to the week that began Monday the 14th: 5 × 10 + 2 + 1 = 53 so far,
    // then half of Sunday at r · w(Sunday) = 54/7 × (8/4)/(216/28) = 2.
    const week = forecastBudget({ now, amountUsd: 30, daily: pattern(), period: "week" });
    expect(week).toMatchObject({
      period: "week",
      periodStart: "2026-12-14",
      periodEnd: "2026-12-20",
      month: "2026-12",
    });
    expect(week.spentUsd).toBe(53);
    expect(week.forecastUsd).toBeCloseTo(54, 6);
    expect(week.runsOutOn).toBe("2026-12-16");
    const day = forecastBudget({ now, amountUsd: 1.5, daily: pattern(), period: "day" });
    expect(day).toMatchObject({
      periodStart: "2026-12-20",
      periodEnd: "2026-12-20",
      spentUsd: 1,
      runsOutOn: "2026-12-20",
    });
    expect(day.forecastUsd).toBeCloseTo(2, 6);

    // Wednesday the 16th at 06:00: 30 spent (Mon, Tue, Wed); r · w(weekday) = 54/7 × 10/(216/28) = 10,
    // so ¾ × 10 today, Thursday and Friday 10 each, the weekend 2 each: 30 + 7.5 + 20 + 4 = 61.5.
    const wednesday = new Date("2026-12-16T06:00:00Z");
    const midWeek = forecastBudget({ now: wednesday, amountUsd: 60, daily: pattern(), period: "week" });
    expect(midWeek.forecastUsd).toBeCloseTo(61.5, 6);
    expect(midWeek.runsOutOn).toBe("2026-12-20");
    expect(forecastBudget({ now: wednesday, amountUsd: 60, daily: pattern(), period: "day" }).forecastUsd).toBeCloseTo(
      17.5,
      6,
    );
  });

  it("starts weeks on Monday across a month's edge", () => {
    const tuesday = periodOf(new Date("2026-12-01T10:00:00Z"), "week");
    expect([new Date(tuesday.from).toISOString(), new Date(tuesday.to).toISOString()]).toEqual([
      "2026-11-30T00:00:00.000Z",
      "2026-12-07T00:00:00.000Z",
    ]);
    expect(new Date(periodOf(new Date("2026-12-06T23:59:00Z"), "week").from).toISOString()).toBe(
      "2026-11-30T00:00:00.000Z",
    );
  });
});
