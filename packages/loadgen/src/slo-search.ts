import type { LoadMeasurement } from './types.js';

export interface SloSearchOutcome {
  /** Loads measured in the order tried, each with its measurement. */
  tried: { load: number; measurement: LoadMeasurement; met: boolean }[];
  /** The highest load whose p99 met the SLO (with no failed request); undefined when even the lowest did not. */
  best: number | undefined;
}

/** A load meets the SLO when requests succeeded, none failed, and the merged p99 is within it. */
export function meetsSlo(m: LoadMeasurement, maxP99Ms: number): boolean {
  const errors = Object.values(m.errors_by_kind).reduce((a, b) => a + b, 0);
  return m.latency !== undefined && errors === 0 && m.latency.p99_ms <= maxP99Ms;
}

/**
 * The highest load in [min, max] whose p99 stays under `maxP99Ms`, assuming p99 grows with load:
 * double from `min` until a load misses (or `max` is reached), then bisect between the last load that
 * met it and the first that missed. That is O(log(max/min)) measurements where a full sweep of
 * every load is O(max − min). `step` is the resolution (1 for concurrency).
 */
export async function searchSlo(
  measure: (load: number) => Promise<LoadMeasurement>,
  options: { min: number; max: number; maxP99Ms: number; step?: number },
): Promise<SloSearchOutcome> {
  const step = options.step ?? 1;
  const tried: SloSearchOutcome['tried'] = [];
  const probe = async (load: number) => {
    const measurement = await measure(load);
    const met = meetsSlo(measurement, options.maxP99Ms);
    tried.push({ load, measurement, met });
    return met;
  };
  let good: number | undefined;
  let bad: number | undefined;
  for (let load = options.min; ; load = Math.min(options.max, load * 2)) {
    if (await probe(load)) good = load;
    else {
      bad = load;
      break;
    }
    if (load >= options.max) break;
  }
  if (good === undefined || bad === undefined) return { tried, best: good };
  let [low, high] = [good, bad];
  while (high - low > step) {
    const mid: number = Math.round((low + (high - low) / 2) / step) * step;
    if (mid <= low || mid >= high) break;
    if (await probe(mid)) low = mid;
    else high = mid;
  }
  return { tried, best: low };
}
