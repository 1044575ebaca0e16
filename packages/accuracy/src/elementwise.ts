/**
 * The one pass over a sample's elements. Everything that needs only running sums is computed here;
 * |a−b| (and |a−b|/|ref| when asked) is written to preallocated scratch buffers so exact medians and
 * quantiles can be selected afterwards (`radixQuantiles`), and a per-sample histogram of |a−b| is
 * filled from its float32 bit pattern (no logarithm per element): it is both the error histogram and the
 * first step of the exact selection.
 */
import { accumulateFloat32Chunk, countBins } from './elementwise-float32.js';
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

/** Scratch space reused across samples: sized for the largest output seen. */
export interface ComparisonScratch {
  abs: Float32Array;
  /** The same memory as `abs`, as bits: non-negative float32s order like their bit patterns. */
  absBits: Uint32Array;
  /** Only when relative medians/quantiles are needed (a `median`/`quantile` check). */
  rel: Float32Array | undefined;
  relBits: Uint32Array | undefined;
  /** This sample's |a−b| counts per error-histogram bin (and of the relative error, when kept). */
  absCounts: Int32Array;
  relCounts: Int32Array;
  /** Where selection gathers the candidates of the bins holding the wanted ranks. */
  selection: Float32Array;
}

export function createScratch(elements: number, keepRelative: boolean): ComparisonScratch {
  const abs = new Float32Array(elements);
  const rel = keepRelative ? new Float32Array(elements) : undefined;
  return {
    abs,
    absBits: new Uint32Array(abs.buffer),
    rel,
    relBits: rel ? new Uint32Array(rel.buffer) : undefined,
    absCounts: new Int32Array(ERROR_HISTOGRAM_BINS),
    relCounts: new Int32Array(ERROR_HISTOGRAM_BINS),
    selection: new Float32Array(elements),
  };
}

/** Running sums of the pass; a class so every instance has one shape and the hot loop stays monomorphic. */
export class ElementPassResult {
  elements = 0;
  /** Pairs where both values are finite; the error statistics are over these. */
  finite = 0;
  sumAbs = 0;
  maxAbs = Number.NaN;
  /** Flat index of the largest |a−b| (−1 when no finite pair). */
  argMaxAbs = -1;
  sumRel = 0;
  maxRel = Number.NaN;
  dot = 0;
  refSquares = 0;
  candSquares = 0;
  errorSquares = 0;
  /** max |ref| over finite pairs: the peak that PSNR is relative to. */
  refPeak = 0;
  /** Elements failing Polygraphy's elementwise rule, NaN/Inf pairs included. */
  failed = 0;
  refNaN = 0;
  refInf = 0;
  candNaN = 0;
  candInf = 0;
}

/**
 * Elements per call of the hot loop. Calling a small function many times lets V8 optimise it whole
 * (with feedback for the code after the loop) instead of on-stack-replacing one long loop, which kept
 * deoptimising at the loop's exit and ran 3–4× slower.
 */
const CHUNK = 1 << 14;

/**
 * Compares `ref` and `cand` element by element. An element fails the tolerance when |a−b| > atol AND
 * |a−b|/|ref| > rtol — Polygraphy's rule; NaN/Inf pairs fail too (an Inf against the same Inf gives
 * Inf−Inf = NaN: it fails, as with Polygraphy's default `infinities_compare_equal=False`).
 */
export function compareElements(ref: FloatData, cand: FloatData, tolerance: Tolerance, scratch: ComparisonScratch): ElementPassResult {
  const state = new ElementPassResult();
  state.elements = ref.length;
  state.maxAbs = -1;
  state.maxRel = 0;
  scratch.absCounts.fill(0);
  scratch.relCounts.fill(0);
  const { atol, rtol } = tolerance;
  if (ref instanceof Float32Array && cand instanceof Float32Array) {
    // The common case gets its own monomorphic loop; a chunk holding a NaN/Inf pair falls back to the generic one.
    for (let start = 0; start < ref.length; start += CHUNK) {
      const end = Math.min(ref.length, start + CHUNK);
      if (!accumulateFloat32Chunk(ref, cand, start, end, atol, rtol, scratch, state)) accumulateChunk(ref, cand, start, end, atol, rtol, scratch, state);
    }
  } else {
    for (let start = 0; start < ref.length; start += CHUNK) accumulateChunk(ref, cand, start, Math.min(ref.length, start + CHUNK), atol, rtol, scratch, state);
  }
  if (scratch.relBits) {
    // The relative errors' own histogram, for their radix selection; a second tight pass is cheaper than
    // a second counter in the hot loop.
    const { relBits, relCounts } = scratch;
    for (let from = 0; from < state.finite; from += CHUNK) countBins(relBits, from, Math.min(state.finite, from + CHUNK), relCounts);
  }
  if (state.finite === 0) {
    state.maxAbs = Number.NaN;
    state.maxRel = Number.NaN;
  }
  if (state.finite < state.elements) countNonFinite(ref, cand, state);
  state.failed += state.elements - state.finite;
  return state;
}

function accumulateChunk(
  ref: FloatData,
  cand: FloatData,
  start: number,
  end: number,
  atol: number,
  rtol: number,
  scratch: ComparisonScratch,
  s: ElementPassResult,
): void {
  const { abs, absBits, rel, absCounts } = scratch;
  let finite = s.finite;
  let sumAbs = s.sumAbs;
  let maxAbs = s.maxAbs;
  let argMaxAbs = s.argMaxAbs;
  let sumRel = s.sumRel;
  let maxRel = s.maxRel;
  let dot = s.dot;
  let refSquares = s.refSquares;
  let candSquares = s.candSquares;
  let errorSquares = s.errorSquares;
  let refPeak = s.refPeak;
  let failed = s.failed;
  for (let i = start; i < end; i++) {
    const r = ref[i]!;
    const c = cand[i]!;
    const d = c - r;
    // d − d is 0 exactly when d is finite, i.e. (for float32/float64 inputs) when both values are.
    if (d - d !== 0) continue;
    // Math.abs, not a ternary: error signs are random, and a mispredicted branch per element costs
    // more than the rest of the loop body.
    const a = Math.abs(d);
    const magnitude = Math.abs(r);
    const e = a / (magnitude === 0 ? RELATIVE_ERROR_EPSILON : magnitude);
    abs[finite] = a;
    absCounts[errorHistogramBin(absBits[finite]!)]!++;
    if (rel !== undefined) rel[finite] = e;
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
  s.finite = finite;
  s.sumAbs = sumAbs;
  s.maxAbs = maxAbs;
  s.argMaxAbs = argMaxAbs;
  s.sumRel = sumRel;
  s.maxRel = maxRel;
  s.dot = dot;
  s.refSquares = refSquares;
  s.candSquares = candSquares;
  s.errorSquares = errorSquares;
  s.refPeak = refPeak;
  s.failed = failed;
}

/** The rare path: only runs when the pass met a NaN or an Inf, so the hot loop stays branch-light. */
function countNonFinite(ref: FloatData, cand: FloatData, s: ElementPassResult): void {
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i]!;
    const c = cand[i]!;
    if (Number.isNaN(r)) s.refNaN++;
    else if (r - r !== 0) s.refInf++;
    if (Number.isNaN(c)) s.candNaN++;
    else if (c - c !== 0) s.candInf++;
  }
}
