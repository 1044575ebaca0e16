import { LogHistogram } from './log-histogram.js';
import { isWorse, type StatisticName } from './statistics.js';

/** How one statistic spread over the samples, with the sample that did worst. */
export interface DistributionSummary {
  /** Samples with a value (NaN values are counted in `nan`, not here). */
  count: number;
  nan: number;
  min: number;
  max: number;
  /** Mean of the finite values (an infinite value, e.g. SNR of identical outputs, is left out of it). */
  mean: number;
  /** Estimates from the fixed-size sketch (relative error ≤ 5.9 %, see LogHistogram). */
  p50: number;
  p90: number;
  p99: number;
  worst: { sample: string; value: number } | undefined;
}

/**
 * Streams one statistic over samples in constant memory: exact min/max/mean/worst sample, and a
 * log-spaced histogram for quantiles.
 */
export class StatisticDistribution {
  private readonly histogram = new LogHistogram();
  private finiteSum = 0;
  private finiteCount = 0;
  private worstSample: string | undefined;
  private worstValue = Number.NaN;

  constructor(readonly statistic: StatisticName) {}

  add(sampleId: string, value: number): void {
    this.histogram.add(value);
    if (Number.isFinite(value)) {
      this.finiteSum += value;
      this.finiteCount++;
    }
    if (this.worstSample === undefined || isWorse(this.statistic, value, this.worstValue)) {
      this.worstSample = sampleId;
      this.worstValue = value;
    }
  }

  /** The worst value so far and the sample it came from. */
  get worst(): { sample: string; value: number } | undefined {
    return this.worstSample === undefined ? undefined : { sample: this.worstSample, value: this.worstValue };
  }

  summary(): DistributionSummary {
    const h = this.histogram;
    return {
      count: h.count,
      nan: h.nanCount,
      min: h.count > 0 ? h.min : Number.NaN,
      max: h.count > 0 ? h.max : Number.NaN,
      mean: this.finiteCount > 0 ? this.finiteSum / this.finiteCount : Number.NaN,
      p50: h.quantile(0.5),
      p90: h.quantile(0.9),
      p99: h.quantile(0.99),
      worst: this.worst,
    };
  }
}
