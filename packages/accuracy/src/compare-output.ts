import { StageFailedError } from '@pipeline/errors';
import type { Tensor } from '@pipeline/tensor';
import type { ComparisonScratch, ElementPassResult } from './elementwise.js';
import { compareElements, passQuantiles } from './split-pass.js';
import type { SampleStatistics } from './statistics.js';
import { tensorAsFloat } from './to-float.js';
import { topKAgreement } from './topk.js';

/** Which statistic decides pass/fail, as Polygraphy's `--check-error-stat`. */
export type CheckStatistic = 'elemwise' | 'max' | 'mean' | 'median' | 'quantile';

/** How one output is judged, after defaults and per-output overrides are merged. */
export interface OutputCheckOptions {
  atol: number;
  rtol: number;
  check: CheckStatistic;
  /** The quantile of `quantile_*_error` (and of the `quantile` check), e.g. 0.99. */
  quantile: number;
  /** Treat the last axis as class scores and measure top-1 / top-k agreement with this k. */
  topK?: number;
}

export interface SampleOutputComparison {
  statistics: SampleStatistics;
  /** The check's verdict for this sample (Polygraphy's semantics, see `checkPasses`). */
  passed: boolean;
  /** The check's statistic on |a−b| and on |a−b|/|ref| (elemwise: the failing-element count and fraction). */
  checkValues: { abs: number; rel: number };
  /** Flat index of the element with the largest |a−b| (−1 when none is finite). */
  worstElement: number;
  referenceNonFinite: { nan: number; inf: number };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Compares one output of one sample. Shapes must match exactly (a candidate with another shape cannot be
 * compared: `StageFailedError` E_OUTPUT_SHAPE_MISMATCH); dtypes may differ (an FP16 model without Cast
 * nodes returns float16), both sides are compared as numbers.
 */
export function compareOutput(
  name: string,
  reference: Tensor,
  candidate: Tensor,
  options: OutputCheckOptions,
  scratch: ComparisonScratch,
): SampleOutputComparison {
  if (!sameShape(reference.shape, candidate.shape)) {
    throw new StageFailedError(
      'E_OUTPUT_SHAPE_MISMATCH',
      `output '${name}': candidate shape [${candidate.shape.join(',')}] differs from reference shape [${reference.shape.join(',')}]`,
      { hint: 'the candidate must be the same model in another precision or runtime; check the conversion kept the output shapes' },
    );
  }
  const ref = tensorAsFloat(reference, `reference output '${name}'`);
  const cand = tensorAsFloat(candidate, `candidate output '${name}'`);
  const pass = compareElements(ref, cand, options, scratch);
  const statistics = summarise(pass, options, scratch);
  if (options.topK !== undefined) {
    const classes = reference.shape.at(-1) ?? 0;
    const { top1, topk } = topKAgreement(ref, cand, classes, options.topK);
    statistics.top1_agreement = top1;
    statistics.topk_agreement = topk;
  }
  const checkValues = checkStatisticValues(options, statistics);
  return {
    statistics,
    passed: checkPasses(options, checkValues, pass),
    checkValues,
    worstElement: pass.argMaxAbs,
    referenceNonFinite: { nan: pass.refNaN, inf: pass.refInf },
  };
}

function summarise(pass: ElementPassResult, options: OutputCheckOptions, scratch: ComparisonScratch): SampleStatistics {
  const n = pass.finite;
  const [medianAbs, quantileAbs] = passQuantiles(scratch, 'abs', [0.5, options.quantile]);
  const stats: SampleStatistics = {
    max_abs_error: pass.maxAbs,
    mean_abs_error: n > 0 ? pass.sumAbs / n : Number.NaN,
    median_abs_error: medianAbs!,
    quantile_abs_error: quantileAbs!,
    max_rel_error: pass.maxRel,
    mean_rel_error: n > 0 ? pass.sumRel / n : Number.NaN,
    cosine_similarity: cosine(pass),
    snr_db: 10 * Math.log10(pass.refSquares / pass.errorSquares),
    psnr_db: n > 0 ? 10 * Math.log10((pass.refPeak * pass.refPeak) / (pass.errorSquares / n)) : Number.NaN,
    within_tolerance: pass.elements > 0 ? 1 - pass.failed / pass.elements : 1,
    failed_elements: pass.failed,
    nan_count: pass.candNaN,
    inf_count: pass.candInf,
  };
  if (scratch.rel && scratch.relBits) {
    // Relative errors were kept as float32: their median/quantile carry float32 rounding (≈ 6e-8 relative).
    const [medianRel, quantileRel] = passQuantiles(scratch, 'rel', [0.5, options.quantile]);
    stats.median_rel_error = medianRel!;
    stats.quantile_rel_error = quantileRel!;
  }
  return stats;
}

function cosine(pass: ElementPassResult): number {
  if (pass.refSquares === 0 && pass.candSquares === 0) return pass.finite > 0 ? 1 : Number.NaN;
  if (pass.refSquares === 0 || pass.candSquares === 0) return 0;
  return pass.dot / (Math.sqrt(pass.refSquares) * Math.sqrt(pass.candSquares));
}

function checkStatisticValues(options: OutputCheckOptions, s: SampleStatistics): { abs: number; rel: number } {
  switch (options.check) {
    case 'elemwise':
      return { abs: s.failed_elements ?? Number.NaN, rel: 1 - (s.within_tolerance ?? Number.NaN) };
    case 'max':
      return { abs: s.max_abs_error ?? Number.NaN, rel: s.max_rel_error ?? Number.NaN };
    case 'mean':
      return { abs: s.mean_abs_error ?? Number.NaN, rel: s.mean_rel_error ?? Number.NaN };
    case 'median':
      return { abs: s.median_abs_error ?? Number.NaN, rel: s.median_rel_error ?? Number.NaN };
    case 'quantile':
      return { abs: s.quantile_abs_error ?? Number.NaN, rel: s.quantile_rel_error ?? Number.NaN };
  }
}

/**
 * Polygraphy's verdict: `elemwise` passes when no element fails; a statistic passes unless BOTH
 * stat(|a−b|) > atol AND stat(|a−b|/|ref|) > rtol. A NaN/Inf pair fails every check (the statistics skip
 * such pairs, so this keeps them from hiding).
 */
function checkPasses(options: OutputCheckOptions, values: { abs: number; rel: number }, pass: ElementPassResult): boolean {
  if (options.check === 'elemwise') return pass.failed === 0;
  if (pass.finite < pass.elements) return false;
  return values.abs <= options.atol || values.rel <= options.rtol;
}

/** Whether a check needs relative-error medians/quantiles (and so the second scratch buffer). */
export function needsRelativeQuantiles(check: CheckStatistic): boolean {
  return check === 'median' || check === 'quantile';
}
