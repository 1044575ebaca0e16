/**
 * The JS hot loop for the common case, float32 against float32 — where WebAssembly SIMD is available the
 * same work runs in elementwise-wasm.ts, with the same bits out; this loop is the fallback — kept apart from the generic loop so V8
 * only ever sees one pair of array types here (a monomorphic loop; a Float64Array call site would make
 * every load polymorphic).
 *
 * It gives results identical to the generic loop's (same operations in the same order, so the same
 * rounding) but does not test each pair for NaN/Inf: a chunk is run optimistically, and only if its
 * running |a−b| sum came out non-finite — which for float32 inputs happens exactly when a pair was
 * NaN/Inf, since finite float32 differences cannot overflow a float64 sum of 2^14 terms — is its work
 * undone and the chunk redone by the generic loop. Measured on the bench's 4 M elements: the per-pair
 * test, the branch of the elementwise rule and the branches of the running maxima cost about as much
 * as the rest of the loop body together.
 */
import type { ElementPassResult, PartScratch } from './pass-state.js';

/** The mask tells V8 the index is in range (it cannot know a stored |a−b| has its sign bit clear). */
const BIN_MASK = 4095;
const BIN_SHIFT = 19;
const EPSILON = 2.220446049250313e-16; // RELATIVE_ERROR_EPSILON, inlined as a constant in the hot loop

/**
 * Adds `ref[start..end)` vs `cand[start..end)` to `s` and returns true, or — when a pair in the chunk is
 * not finite — leaves `s` and the histogram as they were and returns false (the caller then runs the
 * generic loop on the chunk). |a−b| (and the relative error, when kept) is written from `abs[s.finite]` on.
 */
export function accumulateFloat32Chunk(
  ref: Float32Array,
  cand: Float32Array,
  start: number,
  end: number,
  atol: number,
  rtol: number,
  scratch: PartScratch,
  s: ElementPassResult,
): boolean {
  const { abs, absBits, rel, absCounts } = scratch;
  // Running values start from the totals (not from 0) so the additions happen in the generic loop's order.
  let sumAbs = s.sumAbs;
  let maxAbs = s.maxAbs;
  let sumRel = s.sumRel;
  let maxRel = s.maxRel;
  let dot = s.dot;
  let refSquares = s.refSquares;
  let candSquares = s.candSquares;
  let errorSquares = s.errorSquares;
  let refPeak = s.refPeak;
  let failed = s.failed;
  const offset = s.finite - start;
  for (let i = start; i < end; i++) {
    const r = ref[i]!;
    const c = cand[i]!;
    const d = c - r;
    const a = Math.abs(d);
    const magnitude = Math.abs(r);
    const e = a / (magnitude === 0 ? EPSILON : magnitude);
    const j = i + offset;
    abs[j] = a;
    if (rel !== undefined) rel[j] = e;
    sumAbs += a;
    // Math.max rather than `if`: branch-free, and on NaN the chunk is redone anyway.
    maxAbs = Math.max(maxAbs, a);
    sumRel += e;
    maxRel = Math.max(maxRel, e);
    dot += r * c;
    refSquares += r * r;
    candSquares += c * c;
    errorSquares += d * d;
    refPeak = Math.max(refPeak, magnitude);
    // Polygraphy's rule as arithmetic: a data-dependent branch here mispredicts near the tolerance.
    failed += +(a > atol) & +(e > rtol);
  }
  // A NaN/Inf pair: nothing has been counted yet; the generic loop redoes the chunk.
  if (sumAbs - sumAbs !== 0) return false;
  countBins(absBits, s.finite, s.finite + (end - start), absCounts);
  if (maxAbs > s.maxAbs) s.argMaxAbs = firstIndexOfAbsError(ref, cand, start, end, maxAbs);
  s.finite += end - start;
  s.sumAbs = sumAbs;
  s.maxAbs = maxAbs;
  s.sumRel = sumRel;
  s.maxRel = maxRel;
  s.dot = dot;
  s.refSquares = refSquares;
  s.candSquares = candSquares;
  s.errorSquares = errorSquares;
  s.refPeak = refPeak;
  s.failed = failed;
  return true;
}

/**
 * The error histogram of a chunk, from the bits of the |a−b| just stored. A loop of its own, while the
 * chunk is still in cache: counting inside the main loop (a store, a reload of its bits, an increment)
 * measured 10 ms of 25 on 4 M elements, this separate loop 2.5 ms. Also counts the relative errors.
 */
export function countBins(bits: Uint32Array, from: number, to: number, counts: Int32Array): void {
  for (let j = from; j < to; j++) counts[(bits[j]! >>> BIN_SHIFT) & BIN_MASK]!++;
}

/**
 * The first index in the chunk whose |a−b| is `max`: the generic loop's strict `>` keeps the earliest
 * of equal maxima. Runs only for chunks that raise the maximum (a few per output on typical data).
 */
function firstIndexOfAbsError(ref: Float32Array, cand: Float32Array, start: number, end: number, max: number): number {
  for (let i = start; i < end; i++) if (Math.abs(cand[i]! - ref[i]!) === max) return i;
  return -1;
}
