import { describe, expect, it } from "vitest";
import { mannWhitneyU, normalCdf, quantile, twoProportionZTest } from "./significance";

// Reference figures: the standard normal table (1.96 → 0.975, 2.5758 → 0.995) and, for the
// tests, the same statistics from scipy.stats 1.17 (norm, mannwhitneyu asymptotic with continuity).

describe("normal CDF", () => {
  it("matches the table to 1e-12", () => {
    const table: Array<[number, number]> = [
      [-3, 0.0013498980316300933],
      [-1.96, 0.024997895148220435],
      [0, 0.5],
      [0.5, 0.6914624612740131],
      [1.2345, 0.8914916766373298],
      [2.5758, 0.9949995762622214],
      [5, 0.9999997133484281],
    ];
    for (const [x, p] of table) expect(normalCdf(x), String(x)).toBeCloseTo(p, 12);
  });
});

describe("two-proportion z-test", () => {
  it("3 % against 6 % of 1,000 each is significant (z 3.236, p 0.0012)", () => {
    const r = twoProportionZTest(30, 1000, 60, 1000)!;
    expect(r.z).toBeCloseTo(3.2359240084528675, 10);
    expect(r.pValue).toBeCloseTo(0.0012124965861542163, 10);
  });

  it("45/200 against 63/210 is not (z 1.723, p 0.085), and the sign follows the second group", () => {
    const r = twoProportionZTest(45, 200, 63, 210)!;
    expect(r.z).toBeCloseTo(1.72330634775478, 10);
    expect(r.pValue).toBeCloseTo(0.08483314046148661, 10);
    expect(twoProportionZTest(63, 210, 45, 200)!.z).toBeCloseTo(-1.72330634775478, 10);
  });

  it("has no answer for an empty group or a rate of 0 on both sides", () => {
    expect(twoProportionZTest(0, 0, 1, 10)).toBeNull();
    expect(twoProportionZTest(0, 10, 0, 10)).toBeNull();
  });
});

describe("Mann–Whitney U", () => {
  it("the textbook pair: U = 3, p 0.111", () => {
    const r = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12])!;
    expect(r.statistic).toBe(3);
    expect(r.pValue).toBeCloseTo(0.11134688653314041, 10);
    expect(r.z).toBeLessThan(0);
  });

  it("with ties: U = 63, p 0.0105, the second group higher", () => {
    const r = mannWhitneyU([1.1, 2.2, 2.2, 3.0, 4.5, 5.0, 5.0, 6.1], [3.0, 4.5, 6.0, 7.2, 7.2, 8.0, 9.1, 10.0, 11.5])!;
    expect(r.statistic).toBe(63);
    expect(r.pValue).toBeCloseTo(0.010533297082359947, 10);
    expect(r.z).toBeGreaterThan(0);
  });

  it("has no answer for an empty group or all values equal", () => {
    expect(mannWhitneyU([], [1])).toBeNull();
    expect(mannWhitneyU([2, 2], [2, 2])).toBeNull();
  });
});

describe("quantile", () => {
  it("interpolates between order statistics", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.95)).toBeCloseTo(10.5, 12);
    expect(quantile([], 0.5)).toBeNull();
  });
});
