import type { MeasuredBenchmarkResult, Sweep } from './report-schema.js';

/** Batch sizes 1, 2, 4, … up to `maxBatch`; `maxBatch` itself is appended when it is not a power of two. */
export function sweepBatchSizes(maxBatch: number): number[] {
  if (!(Number.isInteger(maxBatch) && maxBatch >= 1)) throw new RangeError(`max batch must be a positive integer, got ${maxBatch}`);
  const sizes: number[] = [];
  for (let b = 1; b <= maxBatch; b *= 2) sizes.push(b);
  if (sizes[sizes.length - 1] !== maxBatch) sizes.push(maxBatch);
  return sizes;
}

export interface SweepRule {
  /** A step that raises the best samples/s so far by less than this (percent) is a plateau step. */
  minGainPct: number;
  /** Stop after this many plateau steps in a row. */
  patience: number;
}

export interface SweepAnalysis {
  /** Whether the rule says to stop after the last point. */
  stop: boolean;
  /**
   * Index of the knee: the last point that gained at least `minGainPct` over the best before it (0 when
   * none did), looking only at points whose measurement stabilised when there are any.
   */
  knee: number;
  /** Index of the highest throughput. */
  best: number;
}

/**
 * The sweep's stop rule on a throughput curve (samples/s per batch, in sweep order): each point is
 * compared with the best before it; gains under `minGainPct` count as plateau steps, and `patience`
 * of them in a row stop the sweep. A real gain resets the count and moves the knee.
 *
 * `unstable[i]` marks a point whose windows never agreed: its figure may be the machine's noise, so the
 * knee (the configuration gates judge) is chosen among the other points, by the same rule. Only when
 * every point is unstable does the knee fall back to the whole curve. The stop rule and `best` describe
 * the curve as measured and use every point.
 */
export function analyzeSweep(samplesPerS: readonly number[], rule: SweepRule, unstable: readonly boolean[] = []): SweepAnalysis {
  let best = 0;
  let plateau = 0;
  for (let i = 1; i < samplesPerS.length; i++) {
    const value = samplesPerS[i] as number;
    const bestSoFar = samplesPerS[best] as number;
    if (gainPct(value, bestSoFar) >= rule.minGainPct) plateau = 0;
    else plateau++;
    if (value > bestSoFar) best = i;
  }
  const all = samplesPerS.map((_, i) => i);
  const trusted = all.filter((i) => unstable[i] !== true);
  return { stop: plateau >= rule.patience, knee: kneeOf(samplesPerS, trusted.length > 0 ? trusted : all, rule.minGainPct), best };
}

function gainPct(value: number, reference: number): number {
  return reference > 0 ? ((value - reference) / reference) * 100 : Number.POSITIVE_INFINITY;
}

/** The last of `indices` that gained `minGainPct` over the best of the earlier ones (the first when none did). */
function kneeOf(samplesPerS: readonly number[], indices: readonly number[], minGainPct: number): number {
  let knee = indices[0] ?? 0;
  let best = knee;
  for (const i of indices.slice(1)) {
    const value = samplesPerS[i] as number;
    if (gainPct(value, samplesPerS[best] as number) >= minGainPct) knee = i;
    if (value > (samplesPerS[best] as number)) best = i;
  }
  return knee;
}

export interface SweepOutcome {
  results: MeasuredBenchmarkResult[];
  sweep: Sweep;
}

/**
 * Measures each batch size in turn (powers of two up to `maxBatch`) and stops early when throughput
 * plateaus; the knee prefers batches whose measurement stabilised. `measureBatch` does the work, so the rule is tested on synthetic curves.
 */
export async function runBatchSweep(
  measureBatch: (batch: number) => Promise<MeasuredBenchmarkResult>,
  options: SweepRule & { maxBatch: number; outOfBudget?: () => boolean },
): Promise<SweepOutcome> {
  const batches = sweepBatchSizes(options.maxBatch);
  const results: MeasuredBenchmarkResult[] = [];
  let analysis: SweepAnalysis = { stop: false, knee: 0, best: 0 };
  let budgetSpent = false;
  for (const batch of batches) {
    results.push(await measureBatch(batch));
    analysis = analyzeSweep(
      results.map((r) => r.throughput.samples_per_s),
      options,
      results.map((r) => r.stability?.outcome === 'max-windows' || r.stability?.outcome === 'budget'),
    );
    if (analysis.stop) break;
    // The time budget ends the sweep after the batch it ran out in: the points measured are kept.
    if (batch !== batches.at(-1) && options.outOfBudget?.()) {
      budgetSpent = true;
      break;
    }
  }
  const measured = results.map((r) => r.batch);
  return {
    results,
    sweep: {
      batches: measured,
      knee_batch: measured[analysis.knee] as number,
      best_batch: measured[analysis.best] as number,
      min_gain_pct: options.minGainPct,
      patience: options.patience,
      stopped_by: analysis.stop ? 'plateau' : budgetSpent ? 'budget' : 'max-batch',
    },
  };
}
