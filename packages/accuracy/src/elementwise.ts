/**
 * The one pass over a sample's elements. Everything that needs only running sums is computed here;
 * |a−b| (and |a−b|/|ref| when asked) is written to preallocated scratch buffers so exact medians and
 * quantiles can be selected afterwards (`radixQuantiles`), and a per-sample histogram of |a−b| is
 * filled from its float32 bit pattern (no logarithm per element): it is both the error histogram and the
 * first step of the exact selection.
 */
import { accumulateFloat32Chunk, countBins } from './elementwise-float32.js';
import { accumulateFloat32ChunkWasm, flushWasmHistogram, wasmKernel } from './elementwise-wasm.js';
import { ERROR_HISTOGRAM_BINS, errorHistogramBin } from './error-histogram.js';
import { ElementPassResult, type PartScratch } from './pass-state.js';

// The pass's state types live in pass-state.ts, which the float32 and wasm kernels import without importing this file back.
export { ElementPassResult } from './pass-state.js';
export type { PartScratch } from './pass-state.js';

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

/**
 * Outputs at least this large are compared in fixed parts (split-pass.ts), which a helper thread may
 * share; their scratch is allocated in shared memory so the helper can write to it. Measured on this
 * 2-core machine (all metrics): 512 K elements (2 parts) took 6.7 ms with the helper against 4.9 ms
 * without — a late helper holds the whole second half — while 1 M (4 parts) took 6.4 ms against 9.7 ms.
 */
export const SPLIT_MIN_ELEMENTS = 1 << 20;

/** Where the last pass left its |a−b|: part i's `finite[i]` values from `starts[i]` on (one part unless split). */
export interface PassLayout {
  starts: number[];
  finite: number[];
}

/**
 * Scratch space reused across samples: sized for the largest output seen. After a pass, `absCounts` and
 * `relCounts` hold the whole sample's histograms.
 */
export interface ComparisonScratch extends PartScratch {
  layout: PassLayout;
  /** Where selection gathers the candidates of the bins holding the wanted ranks. */
  selection: Float32Array;
  /** Whether the buffers are SharedArrayBuffer-backed (a helper thread can then take parts of a pass). */
  shared: boolean;
}

/** `shared` defaults to true for outputs large enough to be split (see `SPLIT_MIN_ELEMENTS`). */
export function createScratch(elements: number, keepRelative: boolean, shared = elements >= SPLIT_MIN_ELEMENTS): ComparisonScratch {
  const memory = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const abs = new Float32Array(memory(elements * 4));
  const rel = keepRelative ? new Float32Array(memory(elements * 4)) : undefined;
  const counts = () => new Int32Array(memory(ERROR_HISTOGRAM_BINS * 4));
  return {
    abs,
    absBits: new Uint32Array(abs.buffer),
    rel,
    relBits: rel ? new Uint32Array(rel.buffer) : undefined,
    absCounts: counts(),
    relCounts: counts(),
    layout: { starts: [0], finite: [0] },
    selection: new Float32Array(memory(elements * 4)),
    shared,
  };
}

/** The buffers a part starting at `start` writes to (views from `start` on), counting into `counts`' histograms. */
export function partScratch(whole: { abs: Float32Array; rel: Float32Array | undefined }, start: number, counts: { absCounts: Int32Array; relCounts: Int32Array }): PartScratch {
  const absView = whole.abs.subarray(start);
  const relView = whole.rel?.subarray(start);
  return {
    abs: absView,
    absBits: new Uint32Array(absView.buffer, absView.byteOffset, absView.length),
    rel: relView,
    relBits: relView ? new Uint32Array(relView.buffer, relView.byteOffset, relView.length) : undefined,
    absCounts: counts.absCounts,
    relCounts: counts.relCounts,
  };
}

/**
 * Elements per call of the hot loop. Calling a small function many times lets V8 optimise it whole
 * (with feedback for the code after the loop) instead of on-stack-replacing one long loop, which kept
 * deoptimising at the loop's exit and ran 3–4× slower.
 */
const CHUNK = 1 << 14;

/** A fresh pass state: the running maxima start below any |a−b| so the first finite pair sets them. */
export function newPass(elements: number): ElementPassResult {
  const state = new ElementPassResult();
  state.elements = elements;
  state.maxAbs = -1;
  state.maxRel = 0;
  return state;
}

/**
 * Compares `ref` and `cand` element by element as ONE sequence (sums in index order), writing |a−b| from
 * `part.abs[0]` on and adding to `part`'s histograms (which the caller zeroes). `finishPass` turns the state into the reported one.
 * Indices (`argMaxAbs`) are relative to the arrays given.
 */
export function comparePart(ref: FloatData, cand: FloatData, tolerance: Tolerance, part: PartScratch): ElementPassResult {
  const state = newPass(ref.length);
  accumulateRange(ref, cand, 0, ref.length, tolerance, part, state);
  endPart(part, state);
  return state;
}

/** Adds the pairs `[start, end)` to `state`, in index order (the same order whatever the chunking). */
export function accumulateRange(ref: FloatData, cand: FloatData, start: number, end: number, tolerance: Tolerance, part: PartScratch, state: ElementPassResult): void {
  const { atol, rtol } = tolerance;
  if (ref instanceof Float32Array && cand instanceof Float32Array) {
    // The common case gets its own monomorphic loop; a chunk holding a NaN/Inf pair falls back to the generic one.
    const wasm = wasmKernel();
    for (let from = start; from < end; from += CHUNK) {
      const to = Math.min(end, from + CHUNK);
      if (wasm) {
        // The kernel takes pairs of elements; an odd last element goes through the generic loop, after them.
        const even = to - ((to - from) & 1);
        if (!accumulateFloat32ChunkWasm(wasm, ref, cand, from, even, atol, rtol, part, state)) accumulateChunk(ref, cand, from, to, atol, rtol, part, state);
        else if (even < to) accumulateChunk(ref, cand, even, to, atol, rtol, part, state);
      } else if (!accumulateFloat32Chunk(ref, cand, from, to, atol, rtol, part, state)) accumulateChunk(ref, cand, from, to, atol, rtol, part, state);
    }
    if (wasm) flushWasmHistogram(wasm, part.absCounts);
  } else {
    for (let from = start; from < end; from += CHUNK) accumulateChunk(ref, cand, from, Math.min(end, from + CHUNK), atol, rtol, part, state);
  }
}

/**
 * The relative errors' own histogram, for their radix selection; a second tight pass is cheaper than a
 * second counter in the hot loop.
 */
export function endPart(part: PartScratch, state: ElementPassResult): void {
  const { relBits, relCounts } = part;
  if (!relBits) return;
  for (let from = 0; from < state.finite; from += CHUNK) countBins(relBits, from, Math.min(state.finite, from + CHUNK), relCounts);
}

/** Non-finite pairs: the counts per side (rare path), the failures, and NaN maxima when nothing was finite. */
export function finishPass(ref: FloatData, cand: FloatData, state: ElementPassResult): ElementPassResult {
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
  scratch: PartScratch,
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
