import type { MeasurementWindow } from './report-schema.js';

/** perf_analyzer's stability window: the rule compares, and the report merges, the last three windows. */
export const STABILITY_WINDOW_COUNT = 3;

export interface StabilityRule {
  /** Largest allowed spread, in percent: max/min of the compared windows must be ≤ 1 + tolerance/100. */
  tolerancePct: number;
  /** Trailing windows compared; default 3. */
  compared?: number;
}

/**
 * perf_analyzer's rule (inference_profiler.cc `IsInferWindowStable`/`IsLatencyWindowStable`): with at
 * least `compared` windows, the last ones are stable when none has zero throughput and both
 * max/min throughput and max/min mean latency are within 1 + tolerance. Fewer windows are never stable.
 */
export function windowsAreStable(windows: readonly MeasurementWindow[], rule: StabilityRule): boolean {
  const compared = rule.compared ?? STABILITY_WINDOW_COUNT;
  if (windows.length < compared) return false;
  const last = windows.slice(-compared);
  if (last.some((w) => !(w.inferences_per_s > 0))) return false;
  const limit = 1 + rule.tolerancePct / 100;
  return (
    spreadWithin(
      last.map((w) => w.inferences_per_s),
      limit,
    ) &&
    spreadWithin(
      last.map((w) => w.mean_latency_ms),
      limit,
    )
  );
}

/**
 * How far apart the last `compared` windows are: the larger of max/min − 1 of throughput and of mean
 * latency, in percent; null when there are fewer than `compared` windows (nothing to compare yet) or
 * a window had no throughput (the ratio is unbounded).
 */
export function windowSpreadPct(windows: readonly MeasurementWindow[], compared = STABILITY_WINDOW_COUNT): number | null {
  if (windows.length < compared) return null;
  const last = windows.slice(-compared);
  const ratio = (values: number[]) => (Math.min(...values) > 0 ? Math.max(...values) / Math.min(...values) : Number.POSITIVE_INFINITY);
  const spread = Math.max(ratio(last.map((w) => w.inferences_per_s)), ratio(last.map((w) => w.mean_latency_ms)));
  return Number.isFinite(spread) ? (spread - 1) * 100 : null;
}

/** max/min ≤ limit; equal values agree even when they are zero (a clock too coarse to see a run). */
function spreadWithin(values: readonly number[], limit: number): boolean {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (max === min) return true;
  if (!(min > 0)) return false;
  return max / min <= limit;
}
