import { describe, expect, it } from 'vitest';
import { compareOutput, createScratch, DEFAULT_CHECK, type OutputCheckOptions } from '@pipeline/accuracy';
import type { Tensor } from '@pipeline/tensor';

const f32 = (values: number[], shape = [values.length]): Tensor => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

function compare(ref: Tensor, cand: Tensor, options: Partial<OutputCheckOptions> = {}) {
  const check = { ...DEFAULT_CHECK, ...options };
  const scratch = createScratch(ref.data.length, check.check === 'median' || check.check === 'quantile');
  return { ...compareOutput('y', ref, cand, check, scratch), scratch };
}

describe('compareOutput on [1,2,3] vs [1,2.5,2] (values worked by hand)', () => {
  // |a−b| = [0, 0.5, 1]; |a−b|/|ref| = [0, 0.25, 1/3]
  const { statistics: s } = compare(f32([1, 2, 3]), f32([1, 2.5, 2]), { atol: 0.4, rtol: 0.3, quantile: 0.99 });

  it('absolute errors: max, mean, median and p99 (numpy linear: 0.5 + 0.98 × 0.5)', () => {
    expect(s.max_abs_error).toBe(1);
    expect(s.mean_abs_error).toBeCloseTo(0.5, 12);
    expect(s.median_abs_error).toBe(0.5);
    expect(s.quantile_abs_error).toBeCloseTo(0.99, 6);
  });
  it('relative errors', () => {
    expect(s.max_rel_error).toBeCloseTo(1 / 3, 7);
    expect(s.mean_rel_error).toBeCloseTo((0.25 + 1 / 3) / 3, 7);
  });
  it('cosine similarity 12/√(14·11.25), SNR 10·log10(14/1.25), PSNR 10·log10(9/(1.25/3))', () => {
    expect(s.cosine_similarity).toBeCloseTo(12 / Math.sqrt(14 * 11.25), 10);
    expect(s.snr_db).toBeCloseTo(10 * Math.log10(14 / 1.25), 10);
    expect(s.psnr_db).toBeCloseTo(10 * Math.log10(9 / (1.25 / 3)), 10);
  });
  it("Polygraphy's elementwise rule: only the element over BOTH atol and rtol fails", () => {
    // element 2: 0.5 > 0.4 but 0.25 <= 0.3 → passes; element 3: 1 > 0.4 and 0.333 > 0.3 → fails
    expect(s.failed_elements).toBe(1);
    expect(s.within_tolerance).toBeCloseTo(2 / 3, 12);
  });
});

describe('the elementwise rule and the statistic checks', () => {
  it('passes an element within atol even when its relative error is huge', () => {
    const r = compare(f32([0, 1]), f32([1e-6, 1]), { atol: 1e-5, rtol: 1e-5 });
    expect(r.statistics.max_rel_error).toBeGreaterThan(1e9); // 1e-6 / 2.22e-16
    expect(r.passed).toBe(true);
  });
  it('passes an element within rtol even when its absolute error is above atol', () => {
    expect(compare(f32([1000]), f32([1000.5]), { atol: 0.1, rtol: 1e-3 }).passed).toBe(true);
    expect(compare(f32([1000]), f32([1002]), { atol: 0.1, rtol: 1e-3 }).passed).toBe(false);
  });
  it('a statistic check fails only when both stat(abs) > atol and stat(rel) > rtol', () => {
    // abs = [0, 0.5, 1] → median 0.5; rel = [0, 0.25, 1/3] → median 0.25
    const ref = f32([1, 2, 3]);
    const cand = f32([1, 2.5, 2]);
    expect(compare(ref, cand, { check: 'median', atol: 0.4, rtol: 0.2 }).passed).toBe(false);
    expect(compare(ref, cand, { check: 'median', atol: 0.5, rtol: 0.2 }).passed).toBe(true);
    expect(compare(ref, cand, { check: 'median', atol: 0.4, rtol: 0.25 }).passed).toBe(true);
    const median = compare(ref, cand, { check: 'median', atol: 0.4, rtol: 0.2 });
    expect(median.statistics.median_rel_error).toBe(0.25);
    expect(median.checkValues).toEqual({ abs: 0.5, rel: 0.25 });
  });
  it('counts NaN and Inf per side and fails them, keeping the statistics over finite pairs', () => {
    const r = compare(f32([1, Number.NaN, Number.POSITIVE_INFINITY, 2]), f32([1, 1, Number.POSITIVE_INFINITY, Number.NaN]), { atol: 1, rtol: 1 });
    expect(r.referenceNonFinite).toEqual({ nan: 1, inf: 1 });
    expect(r.statistics.nan_count).toBe(1);
    expect(r.statistics.inf_count).toBe(1);
    expect(r.statistics.failed_elements).toBe(3); // Inf vs Inf fails, as Polygraphy's default
    expect(r.statistics.max_abs_error).toBe(0);
    expect(r.passed).toBe(false);
  });
  it('identical outputs: zero error, cosine 1, infinite SNR', () => {
    const r = compare(f32([0.5, -2, 3]), f32([0.5, -2, 3]));
    expect(r.statistics.max_abs_error).toBe(0);
    expect(r.statistics.cosine_similarity).toBe(1);
    expect(r.statistics.snr_db).toBe(Number.POSITIVE_INFINITY);
    expect(r.passed).toBe(true);
  });
});

describe('shapes, dtypes and classification outputs', () => {
  it('refuses a candidate of another shape with a stage error naming the output', () => {
    expect(() => compare(f32([1, 2, 3, 4], [2, 2]), f32([1, 2, 3, 4], [4]))).toThrow(/output 'y'.*\[4\].*\[2,2\]/);
  });
  it('compares float16 candidates by value (0x3c00 = 1, 0x4000 = 2, 0x3e00 = 1.5)', () => {
    const cand: Tensor = { dtype: 'float16', shape: [3], data: Uint16Array.from([0x3c00, 0x4000, 0x3e00]) };
    const r = compare(f32([1, 2, 1.5]), cand);
    expect(r.statistics.max_abs_error).toBe(0);
  });
  it('top-1 and top-k agreement over the last axis', () => {
    // row 0: ref top = 2, cand top = 2; row 1: ref top = 0, cand order 1 > 0 > 2 → top-2 only
    const ref = f32([0.1, 0.2, 0.7, 0.6, 0.3, 0.1], [2, 3]);
    const cand = f32([0.1, 0.3, 0.6, 0.4, 0.5, 0.1], [2, 3]);
    const r = compare(ref, cand, { topK: 2, atol: 1, rtol: 1 });
    expect(r.statistics.top1_agreement).toBe(0.5);
    expect(r.statistics.topk_agreement).toBe(1);
  });
});
