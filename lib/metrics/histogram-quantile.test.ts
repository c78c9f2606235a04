import { describe, expect, it } from "vitest";
import { combine, toBucketHistogram, toSparse } from "./exponential-histogram";
import { histogramQuantile, mergeHistograms } from "./histogram-quantile";

describe("percentiles from buckets", () => {
  // 100 observations: 10 ≤ 100, 30 in (100, 200], 50 in (200, 400], 10 above 400.
  const h = { bounds: [100, 200, 400], counts: [10, 30, 50, 10] };

  it("interpolates inside the rank's bucket, as histogram_quantile does", () => {
    expect(histogramQuantile(h, 0.25)).toBeCloseTo(150, 10); // rank 25: 100 + 100 × (25 − 10) / 30
    expect(histogramQuantile(h, 0.5)).toBeCloseTo(240, 10); // rank 50: 200 + 200 × (50 − 40) / 50
    expect(histogramQuantile(h, 0.05)).toBeCloseTo(50, 10); // the first bucket starts at 0
  });

  it("answers the highest finite bound for a rank in the overflow bucket, nothing for an empty histogram", () => {
    expect(histogramQuantile(h, 0.95)).toBe(400);
    expect(histogramQuantile({ bounds: [1], counts: [0, 0] }, 0.5)).toBeNull();
    expect(histogramQuantile({ bounds: [], counts: [5] }, 0.5)).toBeNull();
  });

  it("skips empty buckets", () => {
    expect(histogramQuantile({ bounds: [1, 2, 3], counts: [0, 0, 4, 0] }, 0.5)).toBeCloseTo(2.5, 10);
  });

  it("merges histograms: a plain sum with equal bounds, spread linearly on the union of different ones", () => {
    expect(mergeHistograms([h, h])).toEqual({ bounds: [100, 200, 400], counts: [20, 60, 100, 20] });
    // 4 observations in [0, 2] spread as 2 below 1 and 2 in (1, 2].
    expect(
      mergeHistograms([
        { bounds: [2], counts: [4, 0] },
        { bounds: [1, 2], counts: [2, 2, 1] },
      ]),
    ).toEqual({ bounds: [1, 2], counts: [4, 4, 1] });
    expect(mergeHistograms([])).toEqual({ bounds: [], counts: [] });
  });
});

describe("exponential histograms", () => {
  it("become explicit buckets: the zero bucket, then (base^i, base^(i+1)] per index", () => {
    // scale 0: base 2; offset 0 → (1, 2] holds 1, (2, 4] holds 2.
    expect(toBucketHistogram(toSparse({ scale: 0, zeroCount: 3, offset: 0, counts: [1, 2] }))).toEqual({
      bounds: [1, 2, 4],
      counts: [3, 1, 2, 0],
    });
    // scale 1: base √2; index -1 is (2^-0.5, 1].
    const { bounds } = toBucketHistogram(toSparse({ scale: 1, zeroCount: 0, offset: -1, counts: [5] }));
    expect(bounds[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(bounds[1]).toBeCloseTo(1, 12);
  });

  it("subtracts points of different scales at the smaller scale", () => {
    const earlier = toSparse({ scale: 1, zeroCount: 1, offset: 0, counts: [1, 1, 1, 1] }); // (1, 4] at base √2
    const later = toSparse({ scale: 0, zeroCount: 2, offset: 0, counts: [3, 4] }); // (1, 2] and (2, 4] at base 2
    const delta = combine(later, earlier, -1);
    expect(delta.scale).toBe(0);
    expect(delta.zeroCount).toBe(1);
    expect(Object.fromEntries(delta.buckets)).toEqual({ 0: 1, 1: 2 });
  });
});
