import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatG } from './format-number.js';
import { computeLatencyStats } from './statistics.js';
import { formatLatencyLine } from './summary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('computeLatencyStats', () => {
  it('matches hand-computed figures on 1..10 (given out of order)', () => {
    const stats = computeLatencyStats([7, 3, 10, 1, 5, 9, 2, 8, 6, 4]);
    expect(stats.min_ms).toBe(1);
    expect(stats.max_ms).toBe(10);
    expect(stats.mean_ms).toBe(5.5);
    // Even count: mean of the two middle samples 5 and 6.
    expect(stats.median_ms).toBe(5.5);
    // trtexec's rank, in float32: p90 drops int((1 − 0.9f)·10) = int(1.0000002) = 1 → 9; p95 and p99
    // drop int(0.50000012) = int(0.099999905) = 0 → 10.
    expect(stats.p90_ms).toBe(9);
    expect(stats.p95_ms).toBe(10);
    expect(stats.p99_ms).toBe(10);
    // Σ(x − 5.5)² = 82.5; population variance 8.25.
    expect(stats.std_ms).toBeCloseTo(Math.sqrt(8.25), 12);
    expect(stats.cov_pct).toBeCloseTo((Math.sqrt(8.25) / 5.5) * 100, 10);
  });

  it('matches hand-computed percentiles on 1..100 and an odd count', () => {
    const hundred = computeLatencyStats(Array.from({ length: 100 }, (_, i) => 100 - i));
    // p90 drops int(10.000002) = 10 → 90; p95 int(5.000001) = 5 → 95; p99 int((1 − 0.99f)·100) =
    // int(0.99999905) = 0 → the maximum, 100 (exact arithmetic would drop one and give 99).
    expect([hundred.p90_ms, hundred.p95_ms, hundred.p99_ms, hundred.median_ms]).toEqual([90, 95, 100, 50.5]);
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
    // p50 drops int((1 − 0.5)·1000) = 500 → 500; p99.9 drops int((1 − 99.9f/100)·1000) = int(0.99998713) = 0
    // → 1000, the maximum (trtexec's float32 rank; exact arithmetic would give 999).
    expect(stats.other_percentiles).toEqual([
      { percentile: 50, ms: 500 },
      { percentile: 99.9, ms: 1000 },
    ]);
    const one = computeLatencyStats([4.2]);
    expect([one.min_ms, one.median_ms, one.p99_ms, one.std_ms, one.cov_pct]).toEqual([4.2, 4.2, 4.2, 0, 0]);
  });

  it('refuses an empty sample and a percentile outside [0, 100]', () => {
    expect(() => computeLatencyStats([])).toThrow(RangeError);
    expect(() => computeLatencyStats([1, 2], [101])).toThrow(RangeError);
    expect(computeLatencyStats([4, 3, 2, 1], [0, 100]).other_percentiles).toEqual([
      { percentile: 0, ms: 1 },
      { percentile: 100, ms: 4 },
    ]);
  });

  it('prints what trtexec printed for the same samples (TREx A100 ResNet-50 --exportTimes)', () => {
    // trtexec's line for this run, from NVIDIA/TensorRT trt-engine-explorer/examples/pytorch/resnet/A100/
    // fp16/resnet.onnx.engine.profile.metadata.json @ 7a07608d: GPU Compute Time min 0.856049, max
    // 0.872559, mean 0.86277, median 0.862183, percentile(99%) 0.871338. Queries whose compute starts
    // before the 200 ms warm-up are not timed. The mean is left out: trtexec sums in float32 and
    // lands at 0.86277, the double sum of the exported (6-digit) values at 0.862774.
    const text = readFileSync(path.resolve(repoRoot, 'test/fixtures/recorded/trtexec/trex-resnet50-a100-fp16-exportTimes.json'), 'utf8');
    const starts = [...text.matchAll(/"startComputeMs" : ([^ ,}]+)/g)].map((m) => Number(m[1]));
    const computes = [...text.matchAll(/"computeMs" : ([^ ,}]+)/g)].map((m) => Number(m[1]));
    const stats = computeLatencyStats(computes.filter((_, i) => (starts[i] as number) >= 200));
    const printed = Object.fromEntries([...formatLatencyLine(stats).matchAll(/(\w+(?:\(\d+%\))?) = (\S+) ms/g)].map((m) => [m[1], m[2]]));
    expect(printed).toMatchObject({ min: '0.856049', max: '0.872559', median: '0.862183', 'percentile(99%)': '0.871338' });
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
