/**
 * The one pass over a sample's elements. Everything that needs only running sums is computed here;
 * |a−b| (and |a−b|/|ref| when asked) is written to preallocated scratch buffers so exact medians and
 * quantiles can be selected afterwards (see `quantilesInPlace`), and the error histogram is filled
 * from the float32 bit pattern of |a−b| (no logarithm per element).
 */
import { ERROR_HISTOGRAM_BINS, errorHistogramBin } from './error-histogram.js';

/**
 * Polygraphy replaces a zero reference value by this (numpy's float64 machine epsilon) when it
 * divides, so a relative error against 0 is huge rather than infinite.
 */
export const RELATIVE_ERROR_EPSILON = 2.220446049250313e-16;

export type FloatData = Float32Array | Float64Array;

export interface Tolerance {
  atol: number;
  rtol: number;
}

/** Scratch space reused across samples: sized for the largest output seen, grown when needed. */
export interface ComparisonScratch {
  abs: Float32Array;
  /** Only when relative medians/quantiles are needed (a `median`/`quantile` check). */
  rel: Float32Array | undefined;
  /** Counts per error-histogram bin; accumulated across samples by the caller. */
  histogram: Float64Array;
}

export function createScratch(elements: number, keepRelative: boolean): ComparisonScratch {
  return {
    abs: new Float32Array(elements),
    rel: keepRelative ? new Float32Array(elements) : undefined,
    histogram: new Float64Array(ERROR_HISTOGRAM_BINS),
  };
}

/** Raw results of the pass; `finite` is how many leading entries of the scratch buffers are filled. */
export interface ElementPassResult {
  elements: number;
  /** Pairs where both values are finite; the error statistics are over these. */
  finite: number;
  sumAbs: number;
  maxAbs: number;
  /** Flat index of the largest |a−b| (−1 when no finite pair). */
  argMaxAbs: number;
  sumRel: number;
  maxRel: number;
  dot: number;
  refSquares: number;
  candSquares: number;
  errorSquares: number;
  /** max |ref| over finite pairs: the peak that PSNR is relative to. */
  refPeak: number;
  /** Elements failing Polygraphy's elementwise rule, NaN/Inf pairs included. */
  failed: number;
  refNaN: number;
  refInf: number;
  candNaN: number;
  candInf: number;
}

/**
 * Compares `ref` and `cand` element by element. An element fails the tolerance when NOT
 * (|a−b| <= atol OR |a−b|/|ref| <= rtol) — Polygraphy's rule, and NaN/Inf pairs fail with it because
 * every comparison with NaN is false (an Inf against the same Inf gives Inf−Inf = NaN: it fails, as
 * with Polygraphy's default `infinities_compare_equal=False`).
 */
export function compareElements(
  ref: FloatData,
  cand: FloatData,
  tolerance: Tolerance,
  scratch: ComparisonScratch,
): ElementPassResult {
  const n = ref.length;
  const { abs, rel, histogram } = scratch;
  const absBits = new Uint32Array(abs.buffer, abs.byteOffset, abs.length);
  const { atol, rtol } = tolerance;
  let finite = 0;
  let sumAbs = 0;
  let maxAbs = -1;
  let argMaxAbs = -1;
  let sumRel = 0;
  let maxRel = 0;
  let dot = 0;
  let refSquares = 0;
  let candSquares = 0;
  let errorSquares = 0;
  let refPeak = 0;
  let failed = 0;
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    const r = ref[i]!;
    const c = cand[i]!;
    const d = c - r;
    // d − d is 0 exactly when d is finite, i.e. (for float32/float64 inputs) when both values are.
    if (d - d !== 0) {
      nonFinite++;
      continue;
    }
    const a = d < 0 ? -d : d;
    const magnitude = r < 0 ? -r : r;
    const e = a / (magnitude === 0 ? RELATIVE_ERROR_EPSILON : magnitude);
    abs[finite] = a;
    histogram[errorHistogramBin(absBits[finite]!)]!++;
    if (rel) rel[finite] = e;
    finite++;
    sumAbs += a;
    if (a > maxAbs) {
      maxAbs = a;
      argMaxAbs = i;
    }
    sumRel += e;
    if (e > maxRel) maxRel = e;
    dot += r * c;
    refSquares += r * r;
    candSquares += c * c;
    errorSquares += d * d;
    if (magnitude > refPeak) refPeak = magnitude;
    if (a > atol && e > rtol) failed++;
  }
  const counts = nonFinite > 0 ? countNonFinite(ref, cand) : { refNaN: 0, refInf: 0, candNaN: 0, candInf: 0 };
  return {
    elements: n,
    finite,
    sumAbs,
    maxAbs: finite > 0 ? maxAbs : Number.NaN,
    argMaxAbs,
    sumRel,
    maxRel: finite > 0 ? maxRel : Number.NaN,
    dot,
    refSquares,
    candSquares,
    errorSquares,
    refPeak,
    failed: failed + nonFinite,
    ...counts,
  };
}

/** The rare path: only runs when the pass met a NaN or an Inf, so the hot loop stays branch-light. */
function countNonFinite(ref: FloatData, cand: FloatData) {
  let refNaN = 0;
  let refInf = 0;
  let candNaN = 0;
  let candInf = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i]!;
    const c = cand[i]!;
    if (Number.isNaN(r)) refNaN++;
    else if (r - r !== 0) refInf++;
    if (Number.isNaN(c)) candNaN++;
    else if (c - c !== 0) candInf++;
  }
  return { refNaN, refInf, candNaN, candInf };
}
