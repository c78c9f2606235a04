import type { BucketHistogram } from "./histogram-quantile";

// Exponential histograms (base 2^(2^-scale)): bucket i holds (base^i, base^(i+1)]. Two points
// of one cumulative series may have different scales (an SDK halves the scale as values
// spread), so they are compared at the smaller one, where bucket i becomes floor(i / 2^shift).

export type ExponentialPoint = { scale: number; zeroCount: number; offset: number; counts: number[] };
/** Sparse form: bucket index → count, at one scale. */
export type SparseExponential = { scale: number; zeroCount: number; buckets: Map<number, number> };

export function toSparse(point: ExponentialPoint, scale = point.scale): SparseExponential {
  const shift = point.scale - scale;
  const buckets = new Map<number, number>();
  point.counts.forEach((count, k) => {
    if (count === 0) return;
    const index = Math.floor((point.offset + k) / 2 ** shift);
    buckets.set(index, (buckets.get(index) ?? 0) + count);
  });
  return { scale, zeroCount: point.zeroCount, buckets };
}

function rescale(h: SparseExponential, scale: number): SparseExponential {
  if (h.scale === scale) return h;
  const shift = h.scale - scale;
  const buckets = new Map<number, number>();
  for (const [index, count] of h.buckets) {
    const lower = Math.floor(index / 2 ** shift);
    buckets.set(lower, (buckets.get(lower) ?? 0) + count);
  }
  return { scale, zeroCount: h.zeroCount, buckets };
}

/** a + sign·b at the smaller of the two scales. */
export function combine(a: SparseExponential, b: SparseExponential, sign: 1 | -1 = 1): SparseExponential {
  const scale = Math.min(a.scale, b.scale);
  const left = rescale(a, scale);
  const right = rescale(b, scale);
  const buckets = new Map(left.buckets);
  for (const [index, count] of right.buckets) buckets.set(index, (buckets.get(index) ?? 0) + sign * count);
  return { scale, zeroCount: left.zeroCount + sign * right.zeroCount, buckets };
}

/** The same distribution as explicit buckets: the zero bucket first, then one bucket per index. */
export function toBucketHistogram(h: SparseExponential): BucketHistogram {
  const indexes = [...h.buckets.entries()]
    .filter(([, c]) => c > 0)
    .map(([i]) => i)
    .sort((x, y) => x - y);
  if (indexes.length === 0)
    return h.zeroCount > 0 ? { bounds: [0], counts: [h.zeroCount, 0] } : { bounds: [], counts: [] };
  const base = 2 ** (2 ** -h.scale);
  const low = indexes[0]!;
  const high = indexes[indexes.length - 1]!;
  const bounds: number[] = [];
  const counts: number[] = [h.zeroCount];
  for (let i = low; i <= high; i++) {
    bounds.push(base ** i);
    counts.push(h.buckets.get(i) ?? 0);
  }
  bounds.push(base ** (high + 1));
  counts.push(0);
  return { bounds, counts };
}
