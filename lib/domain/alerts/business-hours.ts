// Business hours in a project's time zone: how many working minutes lie between two instants.
// Pure (no I/O); the clock is the caller's.

export type BusinessHours = {
  timeZone: string;
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  startHour: number;
  endHour: number;
};

const STEP_MS = 15 * 60_000; // zone offsets and opening hours fall on quarter hours
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(at: Date, timeZone: string): { weekday: number; minuteOfDay: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday!] ?? 0, minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function isBusinessTime(at: Date, hours: BusinessHours): boolean {
  const { weekday, minuteOfDay } = localParts(at, hours.timeZone);
  return hours.days.includes(weekday) && minuteOfDay >= hours.startHour * 60 && minuteOfDay < hours.endHour * 60;
}

/** Working minutes in [from, to), counted up to `cap` (callers only ask "at least N?"). */
export function businessMinutesBetween(from: Date, to: Date, hours: BusinessHours, cap = Infinity): number {
  let total = 0;
  let t = from.getTime();
  const end = to.getTime();
  while (t < end && total < cap) {
    const next = Math.min(end, (Math.floor(t / STEP_MS) + 1) * STEP_MS);
    if (isBusinessTime(new Date(t), hours)) total += (next - t) / 60_000;
    t = next;
  }
  return Math.min(total, cap);
}
