import type { TrtexecTimingRecord } from './exports/times.js';

/**
 * Statistics recomputed from an `--exportTimes` file, as the trtexec-report keeps them. A printed
 * summary in the benchmark-report's shape is @pipeline/benchmark's `printedSummaryToResult`.
 */
export interface LatencyStats {
  count?: number;
  min_ms: number;
  max_ms: number;
  mean_ms: number;
  median_ms: number;
  /** Keyed `p90`, `p95`, `p99`, `p99.9`: `p` + the percentile as trtexec printed it. */
  percentiles_ms: Record<string, number>;
  /** Coefficient of variance in % (trtexec prints it for GPU compute time when it is high). */
  cov_pct?: number;
}

export interface TrtexecLatencyStats {
  /** trtexec's `Latency` (H2D + GPU compute + D2H of one query). */
  endToEnd?: LatencyStats;
  /** trtexec's `GPU Compute Time`. */
  gpuCompute?: LatencyStats;
}

/**
 * trtexec's percentile (`findPercentile`, samples/common/sampleReporting.cpp): over ascending values,
 * drop the `exclude = int((1 − p/100) · n)` largest and take the largest one left, the value at index
 * `max(n − 1 − exclude, 0)`. No interpolation: the result is always one of the values.
 *
 * trtexec holds `p` in a `float` and computes `exclude` in float32, so every step here goes through
 * `Math.fround`. Exact arithmetic gives another rank in some cases: p99 of 100 values is the maximum,
 * because (1 − 0.99f) · 100 = 0.99999905 truncates to 0. Only the rank is float32; the value returned
 * is the caller's, unrounded.
 *
 * No values give NaN, the honest "no value" (trtexec returns +infinity there, a sentinel it never
 * prints: it reports only after timed runs). A percentile outside [0, 100] is a RangeError, as trtexec
 * throws; like trtexec, the bounds are checked on the float32 value.
 */
export function trtexecPercentile(sorted: ArrayLike<number>, percentile: number): number {
  const f = Math.fround;
  const p = f(percentile);
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${percentile} is not in [0, 100]`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const exclude = Math.trunc(f(f(1 - f(p / 100)) * f(n)));
  return sorted[Math.max(n - 1 - exclude, 0)] as number;
}

/**
 * trtexec's median (`findMedian`): the middle value of ascending values, or the mean of the two middle
 * values for an even count. No values give NaN, as {@link trtexecPercentile}.
 */
export function trtexecMedian(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const m = Math.floor(n / 2);
  if (n % 2 === 1) return sorted[m] as number;
  return ((sorted[m - 1] as number) + (sorted[m] as number)) / 2;
}

/** Recomputes the summary statistics from an `--exportTimes` file the way trtexec computes them. */
export function summarizeTrtexecTimes(records: readonly TrtexecTimingRecord[], percentiles: readonly number[] = [90, 95, 99]): TrtexecLatencyStats {
  const stats = (values: number[]): LatencyStats | undefined => {
    if (values.length === 0) return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const out: LatencyStats = {
      count: sorted.length,
      min_ms: sorted[0] ?? Number.NaN,
      max_ms: sorted.at(-1) ?? Number.NaN,
      mean_ms: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      median_ms: trtexecMedian(sorted),
      percentiles_ms: {},
    };
    for (const p of percentiles) out.percentiles_ms[`p${p}`] = trtexecPercentile(sorted, p);
    return out;
  };
  const pick = (key: 'latencyMs' | 'computeMs') => records.map((r) => r[key]).filter((v): v is number => v !== undefined);
  const result: TrtexecLatencyStats = {};
  const endToEnd = stats(pick('latencyMs'));
  const gpuCompute = stats(pick('computeMs'));
  if (endToEnd) result.endToEnd = endToEnd;
  if (gpuCompute) result.gpuCompute = gpuCompute;
  return result;
}
