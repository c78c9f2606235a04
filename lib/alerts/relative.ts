import "server-only";
import type { AlertRule, AlertStateNote } from "@/db/postgres/schema";
import { keyOf } from "./group-key";
import { metricValues, type GroupValue } from "./metric-values";

// What a rule compares with its threshold, per group: the metric itself (absolute rules), or
// its change against the same group's past: the same window a week ago, or the median of the
// same window in each of the 4 past weeks, in percent of that baseline or in standard
// deviations of those weeks. A group under the rule's minimum volume is "insufficient data", a
// group without a usable past (none, or a zero baseline such as never any cached tokens) is
// "no baseline": neither breaches.

export type ConditionValue = GroupValue & { note?: AlertStateNote; baseline?: number };
const WEEK_MS = 7 * 86_400_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const stddev = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
};

type Condition = Pick<AlertRule, "baseline" | "changeUnit" | "minVolume">;

/** The change of `current` against past samples of the same group; null (with the reason) when there is none to measure. */
export function relativeChange(
  rule: Condition,
  current: number,
  samples: number[],
): { value: number; baseline: number } | { value: null; note: AlertStateNote } {
  if (samples.length === 0) return { value: null, note: "no_baseline" };
  const base = median(samples);
  if (rule.changeUnit === "stddev") {
    const sd = samples.length >= 2 ? stddev(samples) : 0;
    return sd > 0 ? { value: (current - base) / sd, baseline: base } : { value: null, note: "no_baseline" };
  }
  return base !== 0
    ? { value: ((current - base) / Math.abs(base)) * 100, baseline: base }
    : { value: null, note: "no_baseline" };
}

const tooLittle = (rule: Condition, v: GroupValue) =>
  rule.minVolume > 0 && v.volume !== undefined && v.volume < rule.minVolume;

export async function conditionValues(rule: AlertRule, now: Date): Promise<ConditionValue[]> {
  const current = await metricValues(rule, now);
  const counted = current.map(
    (v): ConditionValue => (tooLittle(rule, v) ? { ...v, value: null, note: "insufficient_data" } : v),
  );
  if (!rule.baseline) return counted;
  const weeks = rule.baseline === "week_ago" ? [1] : [1, 2, 3, 4];
  const past = await Promise.all(weeks.map((w) => metricValues(rule, new Date(now.getTime() - w * WEEK_MS))));
  return counted.map((v) => {
    if (v.note || v.value === null) return v;
    const key = keyOf(v.group);
    const samples = past
      .map((values) => values.find((p) => keyOf(p.group) === key))
      .filter((p): p is GroupValue => p !== undefined && p.value !== null && !tooLittle(rule, p))
      .map((p) => p.value!);
    return { ...v, ...relativeChange(rule, v.value, samples) };
  });
}
