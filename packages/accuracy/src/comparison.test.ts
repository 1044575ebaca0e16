import { describe, expect, it } from 'vitest';
import { AccuracyComparison, DEFAULT_CHECK, errorHistogramBin, errorHistogramBinLowerEdge, toleranceGates, userGates } from '@pipeline/accuracy';
import { evaluateGate } from '@pipeline/sdk';
import type { Tensor } from '@pipeline/tensor';

const f32 = (values: number[], shape = [values.length]): Tensor => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

/** Three samples; sample 'b' carries the largest error (0.3 on one element). */
function threeSamples(check = DEFAULT_CHECK) {
  const comparison = new AccuracyComparison({ defaults: { ...check, atol: 0.1, rtol: 0.1 }, outputs: { p: { topK: 1 } } });
  comparison.addSample('a', { y: f32([1, 2]), p: f32([0.9, 0.1], [1, 2]) }, { y: f32([1.05, 2]), p: f32([0.8, 0.2], [1, 2]) });
  comparison.addSample('b', { y: f32([1, 2]), p: f32([0.9, 0.1], [1, 2]) }, { y: f32([1.3, 2]), p: f32([0.4, 0.6], [1, 2]) });
  comparison.addSample('c', { y: f32([1, 2]), p: f32([0.2, 0.8], [1, 2]) }, { y: f32([1, 2]), p: f32([0.2, 0.8], [1, 2]) });
  return comparison;
}

describe('AccuracyComparison across samples', () => {
  it('names the worst sample per statistic and keeps exact min/max/mean', () => {
    const [y] = threeSamples().summaries();
    const max = y!.statistics.max_abs_error!;
    expect(max.worst?.sample).toBe('b');
    expect(max.max).toBeCloseTo(0.3, 6);
    expect(max.min).toBe(0);
    expect(max.mean).toBeCloseTo((0.05 + 0.3 + 0) / 3, 6);
    expect(y!.statistics.cosine_similarity!.worst?.sample).toBe('b');
  });
  it('counts failing samples under the elemwise rule and reports the worst', () => {
    // 'a': 0.05 <= atol 0.1 passes; 'b': 0.3 > 0.1 and 0.3 > 0.1 relative fails.
    const [y, p] = threeSamples().summaries();
    expect(y!.failedSamples).toBe(1);
    expect(y!.failedSampleIds).toEqual(['b']);
    expect(y!.worstCheck?.sample).toBe('b');
    expect(p!.statistics.top1_agreement!.mean).toBeCloseTo(2 / 3, 12);
    expect(p!.statistics.top1_agreement!.worst?.sample).toBe('b');
  });
  it('fills the error histogram with one count per element', () => {
    const [y] = threeSamples().summaries();
    const points = y!.histogram.series[0]!.points;
    expect(points.reduce((sum, [, count]) => sum + count, 0)).toBe(6);
    // 0.3 as float32 falls in the bin whose lower edge is ≤ 0.3 and whose next edge is above it.
    const bin = errorHistogramBin(new Uint32Array(Float32Array.of(0.3).buffer)[0]!);
    expect(errorHistogramBinLowerEdge(bin)).toBeLessThanOrEqual(0.3);
    expect(errorHistogramBinLowerEdge(bin + 1)).toBeGreaterThan(0.3);
  });
  it('refuses a candidate with different output names', () => {
    const comparison = new AccuracyComparison({ defaults: DEFAULT_CHECK });
    expect(() => comparison.addSample('s1', { y: f32([1]), z: f32([1]) }, { y: f32([1]) })).toThrow(/sample 's1'.*missing 'z'/);
  });
});

describe('gates', () => {
  it('the tolerance gate fails naming the output, check, worst sample and tolerances', () => {
    const [gate] = toleranceGates(threeSamples().summaries());
    const record = evaluateGate(gate!);
    expect(record.passed).toBe(false);
    expect(record.message).toMatch(/output 'y'.*1 of 3 samples fail the elemwise check; worst sample 'b'.*atol=0.1/);
  });
  it('a statistic gate judges the worst sample or the mean, per output', () => {
    const summaries = threeSamples().summaries();
    const worst = userGates([{ output: 'y', statistic: 'max_abs_error', op: '<=', bound: 0.2, over: 'worst' }], summaries, { reference: {}, candidate: {} });
    expect(evaluateGate(worst[0]!).passed).toBe(false);
    expect(worst[0]!.message).toMatch(/max_abs_error = 0.3.*worst sample 'b'.*<= 0.2/);
    const mean = userGates([{ output: 'y', statistic: 'max_abs_error', op: '<=', bound: 0.2, over: 'mean' }], summaries, { reference: {}, candidate: {} });
    expect(evaluateGate(mean[0]!).passed).toBe(true);
    const all = userGates([{ statistic: 'cosine_similarity', op: '>=', bound: 0.9, over: 'worst' }], summaries, { reference: {}, candidate: {} });
    expect(all.map((g) => g.name)).toEqual(['cosine_similarity:y', 'cosine_similarity:p']);
  });
  it('a task-metric gate compares with the reference: a drop of 1 point fails max_drop 0.005', () => {
    const tasks = { reference: { top1_accuracy: 0.95 }, candidate: { top1_accuracy: 0.94 } };
    const [drop] = userGates([{ metric: 'top1_accuracy', max_drop: 0.005 }], [], tasks);
    expect(drop!.value).toBeCloseTo(0.01, 12);
    expect(evaluateGate(drop!).passed).toBe(false);
    const [ok] = userGates([{ metric: 'top1_accuracy', max_drop: 0.02 }], [], tasks);
    expect(evaluateGate(ok!).passed).toBe(true);
    const [missing] = userGates([{ metric: 'top5_accuracy', op: '>=', bound: 0.9 }], [], tasks);
    expect(evaluateGate(missing!).passed).toBe(false);
  });
});
