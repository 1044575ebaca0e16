import type { BenchmarkWarning, MeasuredBenchmarkResult } from './report-schema.js';
import { formatG } from './format-number.js';
import type { Measurement } from './measure.js';
import { computeLatencyStats } from './statistics.js';

/**
 * trtexec warns when the coefficient of variance exceeds 2.5 % (1.0 % before 10.13.3); we keep its
 * current threshold so that "stable" means the same thing in both reports.
 */
export const DEFAULT_COV_WARN_PCT = 2.5;

export interface ResultContext {
  batch: number;
  concurrency: number;
  sessions: number;
  shapes: Record<string, number[]>;
  /** Warn above this coefficient of variance (percent). Default 2.5. */
  covWarnPct?: number;
  /** Extra percentiles beyond 90/95/99. */
  percentiles?: readonly number[];
}

/** Turns a measurement into the report's figures for one configuration, with the warnings they deserve. */
export function toBenchmarkResult(measurement: Measurement, context: ResultContext): MeasuredBenchmarkResult {
  const runs = measurement.latencies.length;
  if (runs === 0) throw new RangeError('toBenchmarkResult: the measurement has no timed runs');
  const latency = computeLatencyStats(measurement.latencies, context.percentiles);
  const inferencesPerS = measurement.walltimeMs > 0 ? (runs * 1000) / measurement.walltimeMs : 0;
  const warnings: BenchmarkWarning[] = [];
  const { stability } = measurement;
  if (stability.outcome === 'max-windows') {
    warnings.push({
      code: 'W_UNSTABLE_MEASUREMENT',
      message:
        `Failed to obtain a stable measurement within ${stability.windows.length} windows at batch ${context.batch}, ` +
        `concurrency ${context.concurrency}: the last ${stability.compared} windows differ by more than ${stability.tolerance_pct}% ` +
        'in throughput or mean latency. The figures are from those windows.',
      hint: 'lengthen the windows (stability.window_ms), allow more (stability.max_windows), or stop other load on the machine',
    });
  } else if (stability.outcome === 'budget') {
    const count = stability.windows.length;
    const how =
      count < stability.compared
        ? `only ${count} window${count === 1 ? '' : 's'} fit, fewer than the ${stability.compared} the stability rule compares`
        : `after ${count} windows the last ${stability.compared} differ by up to ${stability.spread_pct === null || stability.spread_pct === undefined ? 'an unbounded ratio' : `${formatG(Math.round(stability.spread_pct * 10) / 10)}%`} in throughput or mean latency (tolerance ${stability.tolerance_pct}%)`;
    warnings.push({
      code: 'W_UNSTABLE_WITHIN_BUDGET',
      message: `Not stable within the time budget at batch ${context.batch}, concurrency ${context.concurrency}: ${how}. The figures are from ${count === 1 ? 'that window' : 'those windows'}.`,
      hint: 'raise budget_ms, or stop other load on the machine',
    });
  }
  const covLimit = context.covWarnPct ?? DEFAULT_COV_WARN_PCT;
  if (latency.cov_pct !== undefined && latency.cov_pct > covLimit) {
    warnings.push({
      code: 'W_HIGH_VARIANCE',
      message: `Latency is unstable, with coefficient of variance = ${formatG(latency.cov_pct)}%.`,
      hint: 'pinning the thread count (threads.intra_op), stopping other load, or longer windows may improve the stability',
    });
  }
  const result: MeasuredBenchmarkResult = {
    batch: context.batch,
    concurrency: context.concurrency,
    sessions: context.sessions,
    shapes: context.shapes,
    timed_runs: runs,
    walltime_ms: measurement.walltimeMs,
    throughput: { inferences_per_s: inferencesPerS, samples_per_s: inferencesPerS * context.batch },
    latency,
    stability,
    warnings,
  };
  if (measurement.hostOverheadMs !== undefined) result.host_overhead_ms = measurement.hostOverheadMs;
  return result;
}
