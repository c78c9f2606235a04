import { describe, expect, it } from "vitest";
import { businessMinutesBetween, isBusinessTime, type BusinessHours } from "./business-hours";

const paris: BusinessHours = { timeZone: "Europe/Paris", days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 };

describe("business hours", () => {
  it("counts only working minutes in the project's zone", () => {
    // Monday 30 Nov 2026, 15:30 in Paris (UTC+1) to Tuesday 09:30: 1.5 h + 0.5 h.
    expect(businessMinutesBetween(new Date("2026-11-30T14:30:00Z"), new Date("2026-12-01T08:30:00Z"), paris)).toBe(120);
    // Friday 16:00 to Monday 10:00: the weekend does not count.
    expect(businessMinutesBetween(new Date("2026-12-04T15:00:00Z"), new Date("2026-12-07T09:00:00Z"), paris)).toBe(120);
    expect(isBusinessTime(new Date("2026-12-05T10:00:00Z"), paris)).toBe(false); // Saturday
    expect(isBusinessTime(new Date("2026-11-30T07:59:00Z"), paris)).toBe(false); // 08:59 in Paris
    expect(isBusinessTime(new Date("2026-11-30T08:00:00Z"), paris)).toBe(true); // 09:00 in Paris
    // The same instants in UTC hours differ by the offset.
    const utc = { ...paris, timeZone: "UTC" };
    expect(businessMinutesBetween(new Date("2026-11-30T14:30:00Z"), new Date("2026-12-01T08:30:00Z"), utc)).toBe(150);
  });

  it("follows daylight saving time and stops at the cap", () => {
    // Sunday 29 March 2026 Paris moves to UTC+2: Monday 09:00 local is 07:00 UTC.
    expect(isBusinessTime(new Date("2026-03-30T07:00:00Z"), paris)).toBe(true);
    expect(isBusinessTime(new Date("2026-03-27T07:00:00Z"), paris)).toBe(false); // Friday before: 08:00 local
    expect(businessMinutesBetween(new Date("2026-11-02T08:00:00Z"), new Date("2027-02-01T08:00:00Z"), paris, 600)).toBe(
      600,
    );
    expect(businessMinutesBetween(new Date("2026-11-30T10:07:00Z"), new Date("2026-11-30T10:52:00Z"), paris)).toBe(45);
  });
});
