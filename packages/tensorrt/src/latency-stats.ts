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

/** trtexec's `findPercentile` over ascending values: index max(n − 1 − ⌊(1 − p/100)·n⌋, 0). */
export function trtexecPercentile(sorted: readonly number[], percentile: number): number {
  if (sorted.length === 0) return Number.POSITIVE_INFINITY;
  // trtexec computes in 32-bit float; in doubles (1 − 0.9)·10 is 0.999…, which would drop a sample.
  const f = Math.fround;
  const exclude = Math.trunc(f(f(1 - f(f(percentile) / 100)) * f(sorted.length)));
  return sorted[Math.max(sorted.length - 1 - exclude, 0)] ?? Number.NaN;
}

/** trtexec's `findMedian`: the middle value, or the mean of the two middle values. */
export function trtexecMedian(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.POSITIVE_INFINITY;
  const m = Math.floor(n / 2);
  return n % 2 ? (sorted[m] ?? Number.NaN) : ((sorted[m - 1] ?? Number.NaN) + (sorted[m] ?? Number.NaN)) / 2;
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
