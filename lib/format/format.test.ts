import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./date-time";
import { formatMetricValue } from "./metric-value";
import {
  changeFraction,
  formatBytes,
  formatChange,
  formatChangePct,
  formatCount,
  formatDuration,
  formatPercent,
  formatScore,
  formatTokens,
  formatUsd,
  formatUsdCompact,
  MINUS,
} from "./number";

describe("money", () => {
  it("groups thousands and keeps cents", () => {
    expect(formatUsd(2302)).toBe("$2,302.00");
    expect(formatUsd(1234567.891)).toBe("$1,234,567.89");
    expect(formatUsd(0)).toBe("$0.00");
  });
  it("keeps fractions of a cent visible", () => {
    expect(formatUsd(0.0423)).toBe("$0.0423");
    expect(formatUsd(0.05)).toBe("$0.05");
    expect(formatUsd(0.000421)).toBe("$0.00042");
    expect(formatUsd(0.0000012)).toBe("$0.0000012");
  });
  it("uses one minus sign and an optional plus", () => {
    expect(formatUsd(-5.1)).toBe(`${MINUS}$5.10`);
    expect(formatUsd(3, { signed: true })).toBe("+$3.00");
    expect(formatUsd(-0.002, { signed: true })).toBe(`${MINUS}$0.002`);
    expect(formatUsdCompact(-1500)).toBe(`${MINUS}$1.5k`);
  });
  it("says nothing for missing values", () => {
    expect(formatUsd(null)).toBe("–");
    expect(formatUsd(Number.NaN)).toBe("–");
  });
  it("compacts axis ticks", () => {
    expect(formatUsdCompact(12)).toBe("$12");
    expect(formatUsdCompact(1234)).toBe("$1.2k");
    expect(formatUsdCompact(3_400_000)).toBe("$3.4M");
    expect(formatUsdCompact(0.5)).toBe("$0.5");
  });
});

describe("percentages and changes", () => {
  it("reads fractions as percent", () => {
    expect(formatPercent(0.123)).toBe("12.3%");
    expect(formatPercent(0.05)).toBe("5%");
    expect(formatPercent(0.0004)).toBe("0.04%");
    expect(formatPercent(-0.2, { signed: true })).toBe(`${MINUS}20%`);
    expect(formatPercent(12.5)).toBe("1,250%");
  });
  it("says new or n/a when the baseline is near zero", () => {
    expect(formatChange(4560.236, 0.01)).toBe("new");
    expect(formatChange(5, 0)).toBe("new");
    expect(formatChange(0, 0)).toBe("0%");
    expect(formatChange(0, 3)).toBe(`${MINUS}100%`);
    expect(formatChange(null, 3)).toBe("n/a");
    expect(formatChange(110, 100)).toBe("+10%");
    expect(changeFraction(1, 0)).toBeNull();
    expect(formatChangePct(null)).toBe("new");
    expect(formatChangePct(456023.6)).toBe("new");
    expect(formatChangePct(-12.34)).toBe(`${MINUS}12.3%`);
  });
});

describe("counts, tokens, durations, bytes, scores", () => {
  it("formats each in its own way", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatTokens(12345)).toBe("12,345");
    expect(formatTokens(123_456)).toBe("123.5k");
    expect(formatTokens(1_234_567)).toBe("1.23M");
    expect(formatDuration(0.4)).toBe("0.40 ms");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(9490)).toBe("9.49 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(7_500_000)).toBe("2 h 5 min");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3 GiB");
    expect(formatScore(0.19153465143886364)).toBe("0.192");
  });
});

describe("metric units", () => {
  it("reads alert values in their unit", () => {
    expect(formatMetricValue("ratio", 0.19153465143886364)).toBe("19.2%");
    expect(formatMetricValue("ratio", 0.05)).toBe("5%");
    expect(formatMetricValue("ms", 1250)).toBe("1.25 s");
    expect(formatMetricValue("USD", 12.5)).toBe("$12.50");
    expect(formatMetricValue("%", 25)).toBe("+25%");
    expect(formatMetricValue("min", 12)).toBe("12 min");
    expect(formatMetricValue("score", null)).toBe("no data");
  });
});

describe("dates", () => {
  it("formats in the given zone", () => {
    expect(formatDateTime("2026-12-02T17:10:05.123Z")).toBe("2026-12-02 17:10:05 UTC");
    expect(formatDateTime("2026-12-02T17:10:05.123Z", { timeZone: "Europe/Berlin", seconds: false })).toBe(
      "2026-12-02 18:10 GMT+1",
    );
    expect(formatDate("2026-12-31T23:30:00Z", "Asia/Tokyo")).toBe("2027-01-01");
    expect(formatDateTime("not a date")).toBe("–");
  });
});
