import { StageFailedError } from '@pipeline/errors';
import type { ChartData } from '@pipeline/sdk';
import type { DType, Tensor } from '@pipeline/tensor';
import { type CheckStatistic, compareOutput, needsRelativeQuantiles, type OutputCheckOptions, type SampleOutputComparison } from './compare-output.js';
import { type DistributionSummary, StatisticDistribution } from './distribution.js';
import { type ComparisonScratch, createScratch } from './elementwise.js';
import { ERROR_HISTOGRAM_BINS, errorHistogramChart } from './error-histogram.js';
import type { StatisticName } from './statistics.js';

/** Default check for every output plus per-output overrides (by output name). */
export interface ComparisonOptions {
  defaults: OutputCheckOptions;
  outputs?: Readonly<Record<string, Partial<OutputCheckOptions>>>;
}

/** Everything known about one output after the last sample; its size does not grow with the sample count. */
export interface OutputSummary {
  name: string;
  check: OutputCheckOptions;
  samples: number;
  failedSamples: number;
  /** The first failing sample ids (at most 10), for the report; the count above is exact. */
  failedSampleIds: string[];
  elements: number;
  failedElements: number;
  referenceDtype: DType | undefined;
  candidateDtype: DType | undefined;
  shape: number[];
  referenceNonFinite: { nan: number; inf: number };
  /** The sample whose check statistic on |a−b| is largest, with both check values. */
  worstCheck: { sample: string; abs: number; rel: number } | undefined;
  statistics: Partial<Record<StatisticName, DistributionSummary>>;
  histogram: ChartData;
}

export interface SampleComparison {
  sample: string;
  passed: boolean;
  outputs: Record<string, SampleOutputComparison>;
}

const MAX_LISTED_FAILURES = 10;

class OutputAccumulator {
  readonly distributions = new Map<StatisticName, StatisticDistribution>();
  scratch: ComparisonScratch;
  /** |a−b| counts over all samples: the per-sample counts added up (fixed size). */
  readonly histogram = new Float64Array(ERROR_HISTOGRAM_BINS);
  samples = 0;
  failedSamples = 0;
  failedSampleIds: string[] = [];
  elements = 0;
  failedElements = 0;
  referenceDtype: DType | undefined;
  candidateDtype: DType | undefined;
  shape: number[] = [];
  referenceNonFinite = { nan: 0, inf: 0 };
  worstCheck: { sample: string; abs: number; rel: number } | undefined;

  constructor(
    readonly name: string,
    readonly check: OutputCheckOptions,
  ) {
    this.scratch = createScratch(0, needsRelativeQuantiles(check.check));
  }

  add(sample: string, reference: Tensor, candidate: Tensor): SampleOutputComparison {
    const size = reference.data.length;
    if (size > this.scratch.abs.length) {
      // Grow once to the largest output seen.
      this.scratch = createScratch(size, this.scratch.rel !== undefined);
    }
    const result = compareOutput(this.name, reference, candidate, this.check, this.scratch);
    const counts = this.scratch.absCounts;
    for (let b = 0; b < counts.length; b++) this.histogram[b]! += counts[b]!;
    this.samples++;
    this.elements += size;
    this.failedElements += result.statistics.failed_elements ?? 0;
    this.referenceDtype = reference.dtype;
    this.candidateDtype = candidate.dtype;
    this.shape = [...reference.shape];
    this.referenceNonFinite.nan += result.referenceNonFinite.nan;
    this.referenceNonFinite.inf += result.referenceNonFinite.inf;
    if (!result.passed) {
      this.failedSamples++;
      if (this.failedSampleIds.length < MAX_LISTED_FAILURES) this.failedSampleIds.push(sample);
    }
    const abs = result.checkValues.abs;
    if (this.worstCheck === undefined || abs > this.worstCheck.abs || (Number.isNaN(abs) && !Number.isNaN(this.worstCheck.abs))) {
      this.worstCheck = { sample, ...result.checkValues };
    }
    for (const [statistic, value] of Object.entries(result.statistics) as [StatisticName, number][]) {
      let distribution = this.distributions.get(statistic);
      if (!distribution) {
        distribution = new StatisticDistribution(statistic);
        this.distributions.set(statistic, distribution);
      }
      distribution.add(sample, value);
    }
    return result;
  }

  summary(): OutputSummary {
    const statistics: Partial<Record<StatisticName, DistributionSummary>> = {};
    for (const [statistic, distribution] of this.distributions) statistics[statistic] = distribution.summary();
    return {
      name: this.name,
      check: this.check,
      samples: this.samples,
      failedSamples: this.failedSamples,
      failedSampleIds: this.failedSampleIds,
      elements: this.elements,
      failedElements: this.failedElements,
      referenceDtype: this.referenceDtype,
      candidateDtype: this.candidateDtype,
      shape: this.shape,
      referenceNonFinite: this.referenceNonFinite,
      worstCheck: this.worstCheck,
      statistics,
      histogram: errorHistogramChart(this.histogram, `error-histogram:${this.name}`, `|a−b| of output '${this.name}'`),
    };
  }
}

/**
 * Compares a candidate's outputs with a reference's, sample by sample, keeping only fixed-size state per
 * output (memory is flat in the number of samples). Outputs must match by name and count.
 */
export class AccuracyComparison {
  private readonly accumulators = new Map<string, OutputAccumulator>();

  constructor(private readonly options: ComparisonOptions) {}

  /** The check an output is judged by: the defaults with its own overrides applied. */
  checkFor(output: string): OutputCheckOptions {
    const override = this.options.outputs?.[output] ?? {};
    const merged: OutputCheckOptions = { ...this.options.defaults };
    for (const [key, value] of Object.entries(override)) if (value !== undefined) Object.assign(merged, { [key]: value });
    return merged;
  }

  addSample(sample: string, reference: Readonly<Record<string, Tensor>>, candidate: Readonly<Record<string, Tensor>>): SampleComparison {
    assertSameOutputNames(sample, Object.keys(reference), Object.keys(candidate));
    const outputs: Record<string, SampleOutputComparison> = {};
    let passed = true;
    for (const [name, refTensor] of Object.entries(reference)) {
      let accumulator = this.accumulators.get(name);
      if (!accumulator) {
        accumulator = new OutputAccumulator(name, this.checkFor(name));
        this.accumulators.set(name, accumulator);
      }
      const result = accumulator.add(sample, refTensor, candidate[name]!);
      outputs[name] = result;
      passed &&= result.passed;
    }
    return { sample, passed, outputs };
  }

  /** One summary per output, in the order outputs were first seen. */
  summaries(): OutputSummary[] {
    return [...this.accumulators.values()].map((a) => a.summary());
  }
}

function assertSameOutputNames(sample: string, reference: string[], candidate: string[]): void {
  const missing = reference.filter((n) => !candidate.includes(n));
  const extra = candidate.filter((n) => !reference.includes(n));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [];
  if (missing.length) parts.push(`missing ${missing.map((n) => `'${n}'`).join(', ')}`);
  if (extra.length) parts.push(`unexpected ${extra.map((n) => `'${n}'`).join(', ')}`);
  throw new StageFailedError(
    'E_OUTPUT_MISMATCH',
    `sample '${sample}': candidate outputs differ from the reference's (${reference.length} vs ${candidate.length}; ${parts.join('; ')})`,
    { hint: 'the candidate must expose the same outputs as the reference' },
  );
}

export type { CheckStatistic };
