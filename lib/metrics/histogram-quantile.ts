// Percentiles from explicit-bucket histograms, as Prometheus' histogram_quantile computes them:
// the rank's bucket is found and the value interpolated linearly inside it; the first bucket
// starts at 0 (when its upper bound is positive), and a rank in the overflow bucket answers the
// highest finite bound (nothing is known above it).

/** `counts` has one more entry than `bounds`: (-inf, b0], (b0, b1], ..., (b_last, +inf). */
export type BucketHistogram = { bounds: number[]; counts: number[] };

const total = (h: BucketHistogram) => h.counts.reduce((a, b) => a + b, 0);

export function histogramQuantile(h: BucketHistogram, q: number): number | null {
  const n = h.bounds.length;
  const count = total(h);
  if (n === 0 || count <= 0) return null;
  const rank = q * count;
  let below = 0;
  for (let i = 0; i <= n; i++) {
    const inBucket = h.counts[i] ?? 0;
    if (inBucket > 0 && below + inBucket >= rank) {
      if (i === n) return h.bounds[n - 1]!;
      const upper = h.bounds[i]!;
      const lower = i === 0 ? (upper > 0 ? 0 : upper) : h.bounds[i - 1]!;
      return lower + ((upper - lower) * (rank - below)) / inBucket;
    }
    below += inBucket;
  }
  return h.bounds[n - 1]!;
}

/** How many observations lie at or below `x`, interpolated the same way. */
function countAtOrBelow(h: BucketHistogram, x: number): number {
  let below = 0;
  for (let i = 0; i < h.bounds.length; i++) {
    const upper = h.bounds[i]!;
    const inBucket = h.counts[i] ?? 0;
    if (x >= upper) {
      below += inBucket;
      continue;
    }
    const lower = i === 0 ? (upper > 0 ? 0 : upper) : h.bounds[i - 1]!;
    return x <= lower ? below : below + (inBucket * (x - lower)) / (upper - lower);
  }
  return below;
}

/**
 * One histogram from several, also with different bounds (an SDK's defaults next to vLLM's): on
 * the union of the bounds, each histogram's counts are spread linearly inside its buckets. With
 * equal bounds this is the plain sum of the counts.
 */
export function mergeHistograms(list: BucketHistogram[]): BucketHistogram {
  const useful = list.filter((h) => h.bounds.length > 0 && total(h) > 0);
  if (useful.length === 0) return { bounds: [], counts: [] };
  const bounds = [...new Set(useful.flatMap((h) => h.bounds))].sort((a, b) => a - b);
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const h of useful) {
    const sameBounds = h.bounds.length === bounds.length && h.bounds.every((b, i) => b === bounds[i]);
    if (sameBounds) {
      h.counts.forEach((c, i) => (counts[i]! += c));
      continue;
    }
    let previous = 0;
    bounds.forEach((b, i) => {
      const atB = countAtOrBelow(h, b);
      counts[i]! += atB - previous;
      previous = atB;
    });
    counts[bounds.length]! += total(h) - previous;
  }
  return { bounds, counts };
}
