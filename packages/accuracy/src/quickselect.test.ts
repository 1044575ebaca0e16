import { describe, expect, it } from 'vitest';
import { errorHistogramBin, LOG_HISTOGRAM_RELATIVE_ERROR, LogHistogram, quantilesInPlace, radixQuantiles, selectKth } from '@pipeline/accuracy';

/** numpy.quantile's default (linear) rule on a sorted copy: the slow, obviously right reader. */
function sortedQuantile(values: ArrayLike<number>, q: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  const h = q * (sorted.length - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function pseudoRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('selection', () => {
  it('selectKth matches sorting on random data with many ties', () => {
    const rand = pseudoRandom(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rand() * 300);
      const values = Float32Array.from({ length: n }, () => Math.floor(rand() * 20) / 4);
      const sorted = Array.from(values).sort((a, b) => a - b);
      const k = Math.floor(rand() * n);
      expect(selectKth(Float32Array.from(values), k)).toBe(sorted[k]);
    }
  });
  it('quantilesInPlace equals numpy-linear quantiles of a sorted copy, in any order of qs', () => {
    const rand = pseudoRandom(11);
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = Float32Array.from({ length: n }, () => rand() * 10);
      const qs = [0.99, 0.5, 0.9, 0, 1];
      const got = quantilesInPlace(Float32Array.from(values), n, qs);
      for (const [i, q] of qs.entries()) expect(got[i]).toBeCloseTo(sortedQuantile(values, q), 5);
    }
  });
  it('radixQuantiles (bit histogram + selection) equals sorting, also with ties and values crowded in one bin', () => {
    const rand = pseudoRandom(5);
    const datasets = [
      Float32Array.from({ length: 2000 }, () => 10 ** (rand() * 10 - 8)),
      Float32Array.from({ length: 777 }, () => 1 + rand() * 0.01), // all in one or two bins
      Float32Array.from({ length: 50 }, () => Math.floor(rand() * 3)), // ties and zeros
      Float32Array.of(0.25),
    ];
    for (const values of datasets) {
      const bits = new Uint32Array(values.buffer);
      const counts = new Int32Array(4096);
      for (const b of bits) counts[errorHistogramBin(b)]!++;
      const qs = [0.5, 0.99, 0.9, 0, 1];
      const got = radixQuantiles(values, bits, values.length, counts, qs, new Float32Array(values.length));
      for (const [i, q] of qs.entries()) expect(got[i]).toBeCloseTo(sortedQuantile(values, q), 6);
    }
  });
  it('uses only the first n entries and returns NaN when n is 0', () => {
    expect(quantilesInPlace(Float32Array.from([5, 1, 100]), 2, [1])).toEqual([5]);
    expect(quantilesInPlace(new Float32Array(4), 0, [0.5])[0]).toBeNaN();
  });
});

describe('LogHistogram (streamed quantiles in fixed memory)', () => {
  it('answers quantiles within its documented relative error, min and max exactly', () => {
    const rand = pseudoRandom(3);
    const h = new LogHistogram();
    const values: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = 10 ** (rand() * 8 - 6) * (rand() < 0.1 ? -1 : 1);
      values.push(v);
      h.add(v);
    }
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
      expect(Math.abs(h.quantile(q) - exact) / Math.abs(exact)).toBeLessThanOrEqual(LOG_HISTOGRAM_RELATIVE_ERROR + 1e-12);
    }
    expect(h.quantile(0)).toBe(sorted[0]);
    expect(h.quantile(1)).toBe(sorted.at(-1));
  });
  it('counts zeros, infinities and NaN', () => {
    const h = new LogHistogram();
    for (const v of [0, 0, Number.POSITIVE_INFINITY, Number.NaN]) h.add(v);
    expect(h.count).toBe(3);
    expect(h.nanCount).toBe(1);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.99)).toBe(Number.POSITIVE_INFINITY);
  });
});
