import { describe, expect, it } from 'vitest';
import { formatG } from './format-number.js';
import { computeLatencyStats, medianOfSorted, percentileOfSorted } from './statistics.js';

describe('computeLatencyStats', () => {
  it('matches hand-computed figures on 1..10 (given out of order)', () => {
    const stats = computeLatencyStats([7, 3, 10, 1, 5, 9, 2, 8, 6, 4]);
    expect(stats.min_ms).toBe(1);
    expect(stats.max_ms).toBe(10);
    expect(stats.mean_ms).toBe(5.5);
    // Even count: mean of the two middle samples 5 and 6.
    expect(stats.median_ms).toBe(5.5);
    // p90: drop ⌊0.1·10⌋ = 1 largest → 9; p95 and p99 drop ⌊0.5⌋ = ⌊0.1⌋ = 0 → 10.
    expect(stats.p90_ms).toBe(9);
    expect(stats.p95_ms).toBe(10);
    expect(stats.p99_ms).toBe(10);
    // Σ(x − 5.5)² = 82.5; population variance 8.25.
    expect(stats.std_ms).toBeCloseTo(Math.sqrt(8.25), 12);
    expect(stats.cov_pct).toBeCloseTo((Math.sqrt(8.25) / 5.5) * 100, 10);
  });

  it('matches hand-computed percentiles on 1..100 and an odd count', () => {
    const hundred = computeLatencyStats(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect([hundred.p90_ms, hundred.p95_ms, hundred.p99_ms, hundred.median_ms]).toEqual([90, 95, 99, 50.5]);
    const odd = computeLatencyStats([3, 1, 2]);
    expect(odd.median_ms).toBe(2);
    // n = 3: p90 drops ⌊0.3⌋ = 0 → the maximum.
    expect(odd.p90_ms).toBe(3);
  });

  it('adds asked-for percentiles beyond 90/95/99, and a single sample has zero spread', () => {
    const stats = computeLatencyStats(
      Array.from({ length: 1000 }, (_, i) => i + 1),
      [50, 99.9],
    );
    // p99.9 of 1..1000 drops ⌊0.001·1000⌋ = 1 → 999 (exact decimal arithmetic, see percentileOfSorted).
    expect(stats.other_percentiles).toEqual([
      { percentile: 50, ms: 500 },
      { percentile: 99.9, ms: 999 },
    ]);
    const one = computeLatencyStats([4.2]);
    expect([one.min_ms, one.median_ms, one.p99_ms, one.std_ms, one.cov_pct]).toEqual([4.2, 4.2, 4.2, 0, 0]);
  });

  it('refuses an empty sample and a percentile outside [0, 100]', () => {
    expect(() => computeLatencyStats([])).toThrow(RangeError);
    expect(() => percentileOfSorted([1, 2], 101)).toThrow(RangeError);
    expect(Number.isNaN(medianOfSorted([]))).toBe(true);
    expect(percentileOfSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(percentileOfSorted([1, 2, 3, 4], 100)).toBe(4);
  });
});

describe('formatG (C++ default float output, 6 significant digits)', () => {
  it.each([
    [5.5, '5.5'],
    [100, '100'],
    [0, '0'],
    [Math.sqrt(8.25), '2.87228'],
    [123456, '123456'],
    [1234567, '1.23457e+06'],
    [999999.5, '1e+06'],
    [0.0001234, '0.0001234'],
    [0.00001, '1e-05'],
    [-0.5, '-0.5'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NaN, 'nan'],
  ])('%s → %s', (value, text) => {
    expect(formatG(value)).toBe(text);
  });
});
