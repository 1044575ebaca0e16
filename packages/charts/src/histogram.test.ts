import { describe, expect, it } from 'vitest';
import { compactHistogram } from './histogram.js';

describe('compactHistogram', () => {
  it('keeps the bins when they fit, without the empty ends', () => {
    const points: [number, number][] = [
      [1, 0],
      [2, 5],
      [3, 0],
      [4, 7],
      [5, 0],
    ];
    expect(compactHistogram(points, 12)).toEqual([
      { from: 2, count: 5 },
      { from: 3, count: 0 },
      { from: 4, count: 7 },
    ]);
    expect(compactHistogram([[1, 0]], 12)).toEqual([]);
  });

  it('merges an equal share of the non-empty bins per row, counts summed exactly', () => {
    // 100 bins: bins 10..19 and 80..89 hold i elements each, the rest are empty.
    const points = Array.from({ length: 100 }, (_, i) => [i, (i >= 10 && i < 20) || (i >= 80 && i < 90) ? i : 0] as [number, number]);
    const rows = compactHistogram(points, 4);
    // 20 non-empty bins in 4 rows of 5: 10–14, 15–19 (+ the gap), 80–84, 85–89.
    const sum = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k).reduce((a, b) => a + b, 0);
    expect(rows).toEqual([
      { from: 10, count: sum(10, 14) },
      { from: 15, count: sum(15, 19) },
      { from: 80, count: sum(80, 84) },
      { from: 85, count: sum(85, 89) },
    ]);
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(points.reduce((s, p) => s + p[1], 0));
  });
});
