/**
 * Large outputs are compared in fixed parts of `PART_SIZE` elements, each summed on its own in index
 * order and merged in part order, so that a helper thread can take some of the parts
 * (comparison-helper.ts). The parts depend on the element count alone, never on which thread ran them:
 * the same input gives the same bits whether the helper took many parts, none, or was never started.
 *
 * How this relates to one unsplit pass (what outputs below `SPLIT_MIN_ELEMENTS` get):
 * - counts (finite, failed, NaN/Inf), maxima, the first index of the largest |a−b|, the histograms and
 *   the selected medians/quantiles are EQUAL: none depends on the order elements are visited in.
 * - sums (Σ|a−b|, Σrel, Σar, Σa², Σr², Σ(a−r)²) are summed in another order. Float64 summation of n
 *   terms in any order lies within (n−1)·u·Σ|x| of the exact sum (u = 2⁻⁵³), so the two orders differ
 *   by at most 2(n−1)·u·Σ|x|: relatively 2(n−1)·u (≈ 9e-10 at 4 M elements) for the non-negative sums
 *   behind the means, SNR and PSNR, and absolutely 2(n−1)·u for the cosine (Σ|ar| ≤ √Σa²·√Σr²). Far
 *   below what float32 inputs can resolve (6e-8).
 */
import { runGatherJob, runPassJob } from './comparison-helper.js';
import { type ComparisonScratch, comparePart, type ElementPassResult, type FloatData, finishPass, newPass, SPLIT_MIN_ELEMENTS, type Tolerance } from './elementwise.js';
import { PASS_FIELDS } from './helper-protocol.js';
import { planQuantiles, radixQuantiles, selectPlanned } from './quickselect.js';

/**
 * Elements per part: small enough that a thread which loses its core to another process costs the other
 * little (it takes the remaining parts), large enough that claiming one is negligible. A multiple of
 * the hot loop's chunk.
 */
export const PART_SIZE = 1 << 18;

/** Into how many parts a pass over `n` elements is split (1: not split). A function of `n` alone. */
export function partCount(n: number): number {
  return n < SPLIT_MIN_ELEMENTS ? 1 : Math.ceil(n / PART_SIZE);
}

/**
 * Compares `ref` and `cand` element by element. An element fails the tolerance when |a−b| > atol AND
 * |a−b|/|ref| > rtol — Polygraphy's rule; NaN/Inf pairs fail too (an Inf against the same Inf gives
 * Inf−Inf = NaN: it fails, as with Polygraphy's default `infinities_compare_equal=False`). Large outputs
 * are split in parts (see the file's comment); `scratch.layout` says where |a−b| was left.
 */
export function compareElements(ref: FloatData, cand: FloatData, tolerance: Tolerance, scratch: ComparisonScratch): ElementPassResult {
  scratch.absCounts.fill(0);
  scratch.relCounts.fill(0);
  const n = ref.length;
  const parts = partCount(n);
  if (parts === 1) {
    const state = comparePart(ref, cand, tolerance, scratch);
    scratch.layout = { starts: [0], finite: [state.finite] };
    return finishPass(ref, cand, state);
  }
  const rows = runPassJob(ref, cand, tolerance.atol, tolerance.rtol, scratch, PART_SIZE);
  let merged = partResult(rows, 0, Math.min(n, PART_SIZE));
  const starts = [0];
  const finite = [merged.finite];
  for (let p = 1; p < parts; p++) {
    const start = p * PART_SIZE;
    const part = partResult(rows, p, Math.min(n, start + PART_SIZE) - start);
    merged = mergeParts(merged, part, start);
    starts.push(start);
    finite.push(part.finite);
  }
  scratch.layout = { starts, finite };
  return finishPass(ref, cand, merged);
}

function partResult(rows: Float64Array, p: number, elements: number): ElementPassResult {
  const state = newPass(elements);
  PASS_FIELDS.forEach((field, i) => {
    state[field] = rows[p * PASS_FIELDS.length + i]!;
  });
  return state;
}

/** `first`, then `second` (whose indices start at `offset`): always in this order, so always the same bits. */
export function mergeParts(first: ElementPassResult, second: ElementPassResult, offset: number): ElementPassResult {
  const m = newPass(first.elements + second.elements);
  m.finite = first.finite + second.finite;
  m.sumAbs = first.sumAbs + second.sumAbs;
  // Ties go to the first: its indices are the smaller ones, as the unsplit pass's strict `>` keeps.
  const secondWins = second.maxAbs > first.maxAbs;
  m.maxAbs = secondWins ? second.maxAbs : first.maxAbs;
  m.argMaxAbs = secondWins ? second.argMaxAbs + offset : first.argMaxAbs;
  m.sumRel = first.sumRel + second.sumRel;
  m.maxRel = Math.max(first.maxRel, second.maxRel);
  m.dot = first.dot + second.dot;
  m.refSquares = first.refSquares + second.refSquares;
  m.candSquares = first.candSquares + second.candSquares;
  m.errorSquares = first.errorSquares + second.errorSquares;
  m.refPeak = Math.max(first.refPeak, second.refPeak);
  m.failed = first.failed + second.failed;
  return m;
}

/**
 * Exact quantiles of the |a−b| (`which = 'abs'`) or relative errors the last pass left in `scratch`.
 * For a split pass the merged histogram locates the ranks, every part's values of the wanted bins are
 * gathered into the bins' slots (the helper taking some parts), and the selection runs over the slots.
 */
export function passQuantiles(scratch: ComparisonScratch, which: 'abs' | 'rel', qs: readonly number[]): number[] {
  const values = which === 'abs' ? scratch.abs : scratch.rel!;
  const bits = which === 'abs' ? scratch.absBits : scratch.relBits!;
  const counts = which === 'abs' ? scratch.absCounts : scratch.relCounts;
  const { finite } = scratch.layout;
  if (finite.length === 1) return radixQuantiles(values, bits, finite[0]!, counts, qs, scratch.selection);
  const n = finite.reduce((sum, f) => sum + f, 0);
  if (n === 0) return qs.map(() => Number.NaN);
  const slotOfBin = new Int16Array(scratch.shared ? new SharedArrayBuffer(counts.length * 2) : new ArrayBuffer(counts.length * 2));
  const plan = planQuantiles(counts, n, qs, slotOfBin);
  const slotEnd = plan.slotStart.map((start, slot) => start + counts[plan.slotBin[slot]!]!);
  runGatherJob(scratch, values, bits, finite, PART_SIZE, slotOfBin, plan.slotStart, slotEnd);
  return selectPlanned(plan, counts, scratch.selection);
}
