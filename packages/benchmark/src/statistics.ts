import type { LatencyStats } from '@pipeline/kinds';

/** The percentiles every report carries, as trtexec prints them by default (`--percentile=90,95,99`). */
export const DEFAULT_PERCENTILES = [90, 95, 99] as const;

/**
 * The p-th percentile of ascending-sorted samples, by trtexec's rule (sampleReporting.cpp
 * `findPercentile`): drop the ⌊(1 − p/100)·n⌋ largest samples and take the largest one left, i.e. the
 * sample at index `max(n − 1 − ⌊(1 − p/100)·n⌋, 0)`. No interpolation: the result is always a measured value.
 *
 * The product is computed in decimal terms (`(100 − p)·n / 100`, nudged by 1e-9 before the floor) so
 * that an exact integer such as 0.1 × 10 is not lost to binary rounding; trtexec's float32 arithmetic can
 * land one rank lower in such cases (p = 99.9, n = 1000).
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in [0, 100]`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const exclude = Math.floor(((100 - p) * n) / 100 + 1e-9);
  return sorted[Math.max(n - 1 - exclude, 0)] as number;
}

/** The median of ascending-sorted samples: the middle one, or the mean of the two middle ones (trtexec `findMedian`). */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const m = Math.floor(n / 2);
  if (n % 2 === 1) return sorted[m] as number;
  return ((sorted[m - 1] as number) + (sorted[m] as number)) / 2;
}

/**
 * min / max / mean / median / p90 / p95 / p99 / std / CoV of latency samples in milliseconds. The
 * standard deviation is the population one (divide by n), as trtexec's coefficient of variance uses.
 * Sorts a copy; the caller's samples are left as measured.
 */
export function computeLatencyStats(samples: ArrayLike<number>, extraPercentiles: readonly number[] = []): LatencyStats {
  const n = samples.length;
  if (n === 0) throw new RangeError('computeLatencyStats: no samples');
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (sorted[i] as number) - mean;
    squares += d * d;
  }
  const std = Math.sqrt(squares / n);
  const stats: LatencyStats = {
    min_ms: sorted[0] as number,
    max_ms: sorted[n - 1] as number,
    mean_ms: mean,
    median_ms: medianOfSorted(sorted),
    p90_ms: percentileOfSorted(sorted, 90),
    p95_ms: percentileOfSorted(sorted, 95),
    p99_ms: percentileOfSorted(sorted, 99),
    std_ms: std,
    cov_pct: mean > 0 ? (std / mean) * 100 : 0,
  };
  const extra = extraPercentiles.filter((p) => !(DEFAULT_PERCENTILES as readonly number[]).includes(p));
  if (extra.length > 0) stats.other_percentiles = extra.map((p) => ({ percentile: p, ms: percentileOfSorted(sorted, p) }));
  return stats;
}
