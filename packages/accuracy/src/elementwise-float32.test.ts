import { describe, expect, it } from 'vitest';
import { testOutputs } from './test-outputs.testing.js';
import { compareElements, createScratch, errorHistogramBin, RELATIVE_ERROR_EPSILON, radixQuantiles } from '@pipeline/accuracy';

/**
 * The float32 fast path (optimistic chunks, a separate histogram loop, a NaN/Inf fallback) against the
 * plainest reading of the definitions: one loop, a finite test per pair, sums in index order. The fast
 * path adds in the same order, so every figure must be equal, not merely close.
 */
function reference(ref: Float32Array, cand: Float32Array, atol: number, rtol: number) {
  const r = { finite: 0, sumAbs: 0, maxAbs: -1, argMaxAbs: -1, sumRel: 0, maxRel: 0, dot: 0, refSquares: 0, candSquares: 0 };
  const more = { errorSquares: 0, refPeak: 0, failed: 0, refNaN: 0, refInf: 0, candNaN: 0, candInf: 0 };
  const abs: number[] = [];
  const rel: number[] = [];
  const counts = new Int32Array(4096);
  for (let i = 0; i < ref.length; i++) {
    const x = ref[i]!;
    const y = cand[i]!;
    if (Number.isNaN(x)) more.refNaN++;
    else if (!Number.isFinite(x)) more.refInf++;
    if (Number.isNaN(y)) more.candNaN++;
    else if (!Number.isFinite(y)) more.candInf++;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      more.failed++;
      continue;
    }
    const a = Math.abs(y - x);
    const e = a / (x === 0 ? RELATIVE_ERROR_EPSILON : Math.abs(x));
    abs.push(Math.fround(a));
    rel.push(Math.fround(e));
    counts[errorHistogramBin(new Uint32Array(Float32Array.of(a).buffer)[0]!)]!++;
    r.finite++;
    r.sumAbs += a;
    if (a > r.maxAbs) {
      r.maxAbs = a;
      r.argMaxAbs = i;
    }
    r.sumRel += e;
    if (e > r.maxRel) r.maxRel = e;
    r.dot += x * y;
    r.refSquares += x * x;
    r.candSquares += y * y;
    more.errorSquares += (y - x) * (y - x);
    if (Math.abs(x) > more.refPeak) more.refPeak = Math.abs(x);
    if (a > atol && e > rtol) more.failed++;
  }
  if (r.finite === 0) {
    r.maxAbs = Number.NaN;
    r.maxRel = Number.NaN;
  }
  return { sums: { ...r, ...more, elements: ref.length }, abs, rel, counts };
}


describe('compareElements on float32 (the fast path) equals a plain reference loop', () => {
  // 0, 1, odd, around the 16,384-element chunk, and large; with and without NaN/Inf (rare and dense).
  const cases = [0, 1, 2, 7, 999, 16_383, 16_384, 16_385, 100_003].flatMap((n) => [0, 1e-4, 0.05].map((rate) => ({ n, rate })));
  it.each(cases)('n = $n, NaN/Inf rate $rate', ({ n, rate }) => {
    const { ref, cand } = testOutputs(n, n + Math.round(rate * 1e5), rate);
    const atol = 1e-4;
    const rtol = 1e-3;
    const want = reference(ref, cand, atol, rtol);
    const scratch = createScratch(n, true);
    const got = compareElements(ref, cand, { atol, rtol }, scratch);
    expect({ ...got }).toEqual(want.sums);
    expect(Array.from(scratch.abs.subarray(0, got.finite))).toEqual(want.abs);
    expect(Array.from(scratch.rel!.subarray(0, got.finite))).toEqual(want.rel);
    expect(Array.from(scratch.absCounts)).toEqual(Array.from(want.counts));
    // And the exact quantiles over what the pass left behind equal sorting the reference's |a−b|.
    const sorted = [...want.abs].sort((a, b) => a - b);
    for (const q of [0, 0.5, 0.99, 1]) {
      const [value] = radixQuantiles(scratch.abs, scratch.absBits, got.finite, scratch.absCounts, [q], scratch.selection);
      if (sorted.length === 0) expect(value).toBeNaN();
      else {
        const h = q * (sorted.length - 1);
        const k = Math.floor(h);
        const expected = sorted[k]! + (h - k) * (sorted[Math.min(k + 1, sorted.length - 1)]! - sorted[k]!);
        expect(value).toBe(expected);
      }
    }
  });
  it('finds the first of equal maxima, also when it lies in a later chunk than an earlier smaller one', () => {
    const n = 40_000;
    const ref = new Float32Array(n);
    const cand = new Float32Array(n);
    cand[10] = 0.5;
    cand[20_000] = 2;
    cand[30_000] = 2;
    const got = compareElements(ref, cand, { atol: 0, rtol: 0 }, createScratch(n, false));
    expect(got.maxAbs).toBe(2);
    expect(got.argMaxAbs).toBe(20_000);
  });
});
