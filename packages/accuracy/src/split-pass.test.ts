import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeComparisonHelper,
  compareElements,
  compareOutput,
  comparisonHelperStats,
  createScratch,
  DEFAULT_CHECK,
  PART_SIZE,
  partCount,
  SPLIT_MIN_ELEMENTS,
  setComparisonHelperEnabled,
  warmUpComparisonHelper,
} from '@pipeline/accuracy';

/**
 * Large outputs are split in fixed parts that a helper thread may share. The helper runs the built
 * worker (dist/), so these tests need `tsc -b` first, as `npm test` does.
 */
function outputs(n: number, seed: number, nonFinite: number[] = []) {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const ref = new Float32Array(n);
  const cand = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    ref[i] = rand() < 0.02 ? 0 : (rand() * 2 - 1) * 10 ** Math.floor(rand() * 6 - 3);
    cand[i] = ref[i]! + (rand() - 0.5) * 1e-3 * Math.abs(ref[i]! || 1);
  }
  nonFinite.forEach((i, k) => {
    (k % 2 ? cand : ref)[i] = k % 3 ? Number.NaN : Number.POSITIVE_INFINITY;
  });
  return { ref, cand };
}

/** The sums of one unsplit pass: every pair in index order, as outputs below the split threshold get them. */
function unsplitSums(ref: Float32Array, cand: Float32Array) {
  let sumAbs = 0;
  let sumRel = 0;
  let dot = 0;
  let refSquares = 0;
  let candSquares = 0;
  let errorSquares = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i]!;
    const c = cand[i]!;
    const d = c - r;
    if (d - d !== 0) continue;
    const a = Math.abs(d);
    sumAbs += a;
    sumRel += a / (r === 0 ? 2.220446049250313e-16 : Math.abs(r));
    dot += r * c;
    refSquares += r * r;
    candSquares += c * c;
    errorSquares += d * d;
  }
  return { sumAbs, sumRel, dot, refSquares, candSquares, errorSquares };
}

const n = SPLIT_MIN_ELEMENTS + 3 * PART_SIZE + 12_345;
const check = { ...DEFAULT_CHECK, atol: 1e-4, rtol: 1e-3, check: 'median' as const };
const tensor = (data: Float32Array) => ({ dtype: 'float32' as const, shape: [data.length], data });

describe('split comparisons (fixed parts, an optional helper thread)', () => {
  beforeAll(async () => {
    expect(await warmUpComparisonHelper(30_000)).toBe(true);
  });
  afterAll(async () => {
    setComparisonHelperEnabled(true);
    await closeComparisonHelper();
  });

  it('splits by element count alone', () => {
    expect(partCount(SPLIT_MIN_ELEMENTS - 1)).toBe(1);
    expect(partCount(n)).toBe(Math.ceil(n / PART_SIZE));
  });

  it('gives the same bits with the helper, without it, and from ordinary or shared inputs', () => {
    // NaN/Inf in several parts (the fast path's fallback), and an exact tie for the largest |a−b| across parts.
    const { ref, cand } = outputs(n, 7, [5, PART_SIZE + 1, 3 * PART_SIZE + 2, n - 1]);
    for (const i of [PART_SIZE + 10, n - 20]) {
      ref[i] = 0;
      cand[i] = 1000;
    }
    const before = comparisonHelperStats().helperParts;
    const withHelper = compareOutput('y', tensor(ref), tensor(cand), check, createScratch(n, true));
    expect(comparisonHelperStats().helperParts).toBeGreaterThanOrEqual(before); // it may or may not have won a part
    const sharedRef = new Float32Array(new SharedArrayBuffer(n * 4));
    const sharedCand = new Float32Array(new SharedArrayBuffer(n * 4));
    sharedRef.set(ref);
    sharedCand.set(cand);
    const fromShared = compareOutput('y', tensor(sharedRef), tensor(sharedCand), check, createScratch(n, true));
    const notShared = compareOutput('y', tensor(ref), tensor(cand), check, createScratch(n, true, false));
    setComparisonHelperEnabled(false);
    const alone = compareOutput('y', tensor(ref), tensor(cand), check, createScratch(n, true));
    setComparisonHelperEnabled(true);
    expect(withHelper).toEqual(alone);
    expect(fromShared).toEqual(alone);
    expect(notShared).toEqual(alone);
    expect(withHelper.worstElement).toBe(PART_SIZE + 10);
    expect(withHelper.statistics.nan_count).toBe(1);
  });

  it('the helper takes parts when it is ready (over several outputs, as a busy machine may delay it)', () => {
    const { ref, cand } = outputs(n, 3);
    const scratch = createScratch(n, false);
    const before = comparisonHelperStats().helperParts;
    for (let i = 0; i < 10; i++) compareElements(ref, cand, check, scratch);
    expect(comparisonHelperStats().helperParts).toBeGreaterThan(before);
  });

  it('equals an unsplit pass: counts, maxima, histogram, median and p99 exactly; sums within 2(n−1)·2⁻⁵³', () => {
    const { ref, cand } = outputs(n, 11, [17, 2 * PART_SIZE]);
    const split = createScratch(n, true);
    const got = compareElements(ref, cand, check, split);
    // The plain reading of the definitions over one sequence: counts, maxima, histogram and sorted quantiles.
    const abs: number[] = [];
    let failed = 0;
    let maxAbs = -1;
    let argMaxAbs = -1;
    for (let i = 0; i < n; i++) {
      const d = cand[i]! - ref[i]!;
      if (d - d !== 0) {
        failed++;
        continue;
      }
      const a = Math.abs(d);
      abs.push(Math.fround(a));
      if (a > maxAbs) {
        maxAbs = a;
        argMaxAbs = i;
      }
      if (a > check.atol && a / (ref[i] === 0 ? 2.220446049250313e-16 : Math.abs(ref[i]!)) > check.rtol) failed++;
    }
    expect(got.finite).toBe(abs.length);
    expect(got.failed).toBe(failed);
    expect(got.maxAbs).toBe(maxAbs);
    expect(got.argMaxAbs).toBe(argMaxAbs);
    const counts = new Int32Array(4096);
    for (const a of abs) counts[new Uint32Array(Float32Array.of(a).buffer)[0]! >>> 19]!++;
    expect(Array.from(split.absCounts)).toEqual(Array.from(counts));
    const sorted = Float64Array.from(abs).sort();
    const quantile = (q: number) => {
      const h = q * (sorted.length - 1);
      const k = Math.floor(h);
      return sorted[k]! + (h - k) * (sorted[Math.min(k + 1, sorted.length - 1)]! - sorted[k]!);
    };
    const stats = compareOutput('y', tensor(ref), tensor(cand), check, split).statistics;
    expect(stats.median_abs_error).toBe(quantile(0.5));
    expect(stats.quantile_abs_error).toBe(quantile(check.quantile));
    const bound = 2 * (n - 1) * 2 ** -53;
    const want = unsplitSums(ref, cand);
    for (const key of ['sumAbs', 'sumRel', 'refSquares', 'candSquares', 'errorSquares'] as const) {
      expect(Math.abs(got[key] - want[key])).toBeLessThanOrEqual(bound * want[key]);
    }
    // Signed terms: the bound is relative to Σ|ar| ≤ √Σa²·√Σr².
    expect(Math.abs(got.dot - want.dot)).toBeLessThanOrEqual(bound * Math.sqrt(want.refSquares * want.candSquares));
  });
});
