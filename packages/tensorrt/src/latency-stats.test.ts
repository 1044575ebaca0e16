import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summarizeTrtexecTimes, trtexecMedian, trtexecPercentile } from '@pipeline/tensorrt';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (f: string) => readFileSync(path.resolve(repoRoot, '../shared/fixtures/trtexec', f), 'utf8');

describe('trtexec percentile and median rules', () => {
  it('follow findPercentile/findMedian', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // n=10, p=90: exclude ⌊0.1·10⌋ = 1, index 10−1−1 = 8 → 9; p=99: exclude 0 → index 9 → 10.
    expect(trtexecPercentile(ten, 90)).toBe(9);
    expect(trtexecPercentile(ten, 99)).toBe(10);
    expect(trtexecMedian(ten)).toBe(5.5);
    expect(trtexecMedian([3, 1, 2].sort())).toBe(2);
  });
  it('recompute the TREx --exportTimes file', () => {
    const text = read('trex-resnet50-a100-fp16-exportTimes.json');
    const compute = [...text.matchAll(/"computeMs" : ([^ ,}]+)/g)].map((m) => Number(m[1]));
    const stats = summarizeTrtexecTimes(JSON.parse(text));
    expect(stats.gpuCompute?.count).toBe(compute.length);
    expect(stats.gpuCompute?.min_ms).toBe(Math.min(...compute));
    expect(stats.gpuCompute?.max_ms).toBe(Math.max(...compute));
  });
});
