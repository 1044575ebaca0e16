import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summarizeTrtexecTimes, trtexecMedian, trtexecPercentile } from '@pipeline/tensorrt';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (f: string) => readFileSync(path.resolve(repoRoot, 'test/fixtures/recorded/trtexec', f), 'utf8');
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * The rank trtexec's `findPercentile` excludes, `int((1 − p/100) · n)` with `p` a C `float`, evaluated
 * here one float32 operation at a time through a Float32Array cell (a different mechanism from the
 * `Math.fround` the implementation uses).
 */
function float32Exclude(p: number, n: number): number {
  const cell = new Float32Array(1);
  cell[0] = p;
  cell[0] = (cell[0] as number) / 100;
  cell[0] = 1 - (cell[0] as number);
  cell[0] = (cell[0] as number) * n;
  return Math.trunc(cell[0] as number);
}

describe('trtexecPercentile (findPercentile: index max(n − 1 − int((1 − p/100)·n), 0), float32)', () => {
  it('follows float32 arithmetic where exact arithmetic would drop one more sample', () => {
    // 0.99f = 0.99000000954…; 1 − 0.99f = 0.00999999046…; × 100 = 0.99999905 → exclude 0 → the maximum.
    expect(trtexecPercentile(oneTo(100), 99)).toBe(100);
    // 99.9f / 100 = 0.99900001…; 1 − that = 0.00099998713…; × 1000 = 0.99998713 → exclude 0.
    expect(trtexecPercentile(oneTo(1000), 99.9)).toBe(1000);
    // 1 − 0.9f = 0.10000002…; × 10 = 1.0000002 → exclude 1 → index 8.
    expect(trtexecPercentile(oneTo(10), 90)).toBe(9);
    // 1 − 0.95f = 0.050000012…; × 20 = 1.0000002 → exclude 1 → index 18.
    expect(trtexecPercentile(oneTo(20), 95)).toBe(19);
    // n = 3, p = 90: 0.3 → exclude 0 → the maximum; p = 0 excludes all but the first.
    expect(trtexecPercentile([1, 2, 3], 90)).toBe(3);
    expect(trtexecPercentile([1, 2, 3, 4], 0)).toBe(1);
    expect(trtexecPercentile([1, 2, 3, 4], 100)).toBe(4);
  });

  it('agrees with the float32 rule for every n ≤ 5000 and the usual percentiles', () => {
    for (const p of [50, 90, 95, 99, 99.9, 99.99]) {
      const values = Float64Array.from(oneTo(5000));
      for (let n = 1; n <= 5000; n++) {
        const expected = Math.max(n - 1 - float32Exclude(p, n), 0) + 1;
        const got = trtexecPercentile(values.subarray(0, n), p);
        if (got !== expected) expect({ p, n, got }).toEqual({ p, n, got: expected });
      }
    }
  });

  it('gives NaN for no values and refuses a percentile outside [0, 100]', () => {
    expect(trtexecPercentile([], 99)).toBeNaN();
    expect(trtexecMedian([])).toBeNaN();
    expect(() => trtexecPercentile([1, 2], 101)).toThrow(RangeError);
    expect(() => trtexecPercentile([1, 2], -1)).toThrow(RangeError);
    expect(() => trtexecPercentile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe('trtexecMedian (findMedian)', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(trtexecMedian(oneTo(10))).toBe(5.5);
    expect(trtexecMedian([1, 2, 3])).toBe(2);
    expect(trtexecMedian(Float64Array.from([4.2]))).toBe(4.2);
  });
});

describe('the rules on a real trtexec run', () => {
  // TREx's A100 ResNet-50 run: the --exportTimes file is the fixture; what trtexec printed for it is
  // NVIDIA/TensorRT tools/experimental/trt-engine-explorer/examples/pytorch/resnet/A100/fp16/
  // resnet.onnx.engine.profile.metadata.json @ 7a07608d: "GPU Compute Time": [min, max, mean, median,
  // percentile(99%)] = [0.856049, 0.872559, 0.86277, 0.862183, 0.871338], Total Host Walltime 3.00166 s,
  // throughput 1155.36 qps, warm-up 200 ms. This older trtexec exported the warm-up queries too; it
  // times a query when its compute starts at or after the warm-up (printPerformanceReport).
  const text = read('trex-resnet50-a100-fp16-exportTimes.json');
  const starts = [...text.matchAll(/"startComputeMs" : ([^ ,}]+)/g)].map((m) => Number(m[1]));
  const computes = [...text.matchAll(/"computeMs" : ([^ ,}]+)/g)].map((m) => Number(m[1]));
  const timed = computes.filter((_, i) => (starts[i] as number) >= 200).sort((a, b) => a - b);
  const g6 = (v: number) => Number(v.toPrecision(6));

  it('reproduce the printed median and 99th percentile of GPU Compute Time', () => {
    // 1155.36 qps × 3.00166 s ≈ 3468 timed queries.
    expect(timed.length).toBe(3468);
    expect([timed[0], timed.at(-1)]).toEqual([0.856049, 0.872559]);
    expect(g6(trtexecMedian(timed))).toBe(0.862183);
    expect(g6(trtexecPercentile(timed, 99))).toBe(0.871338);
  });

  it('summarizeTrtexecTimes counts every record of the file', () => {
    const stats = summarizeTrtexecTimes(JSON.parse(text));
    expect(stats.gpuCompute?.count).toBe(computes.length);
    expect(stats.gpuCompute?.min_ms).toBe(Math.min(...computes));
    expect(stats.gpuCompute?.max_ms).toBe(Math.max(...computes));
  });
});
