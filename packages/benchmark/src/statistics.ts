import type { LatencyStats } from './report-schema.js';
import { trtexecMedian, trtexecPercentile } from '@pipeline/tensorrt';

/** The percentiles every report carries, as trtexec prints them by default (`--percentile=90,95,99`). */
export const DEFAULT_PERCENTILES = [90, 95, 99] as const;

/**
 * min / max / mean / median / p90 / p95 / p99 / std / CoV of latency samples in milliseconds. Median and
 * percentiles are trtexec's own rules (@pipeline/tensorrt `trtexecMedian`, `trtexecPercentile`), so a
 * measured report and an imported trtexec run rank the same samples alike. The standard deviation is the
 * population one (divide by n), as trtexec's coefficient of variance uses. Sorts a copy; the caller's
 * samples are left as measured.
 *
 * No samples is a RangeError, not a row of NaN: the benchmark-report schema admits only finite numbers,
 * and a report never carries a figure nobody measured.
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
    median_ms: trtexecMedian(sorted),
    p90_ms: trtexecPercentile(sorted, 90),
    p95_ms: trtexecPercentile(sorted, 95),
    p99_ms: trtexecPercentile(sorted, 99),
    std_ms: std,
    cov_pct: mean > 0 ? (std / mean) * 100 : 0,
  };
  const extra = extraPercentiles.filter((p) => !(DEFAULT_PERCENTILES as readonly number[]).includes(p));
  if (extra.length > 0) stats.other_percentiles = extra.map((p) => ({ percentile: p, ms: trtexecPercentile(sorted, p) }));
  return stats;
}
