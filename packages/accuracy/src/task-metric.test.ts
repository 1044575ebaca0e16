import { describe, expect, it } from 'vitest';
import { parseLabels, topKAccuracy } from '@pipeline/accuracy';
import type { Tensor } from '@pipeline/tensor';

const scores = (values: number[], rows = 1): Record<string, Tensor> => ({
  prob: { dtype: 'float32', shape: [rows, values.length / rows], data: Float32Array.from(values) },
});

describe('labels file', () => {
  it('reads ids and classes, skipping comments and blank lines', () => {
    const labels = parseLabels('# id class\nimg_0 1\n\nimg_1\t0\nbatch 0,2\n', 'labels.txt');
    expect([...labels.entries()]).toEqual([
      ['img_0', [1]],
      ['img_1', [0]],
      ['batch', [0, 2]],
    ]);
  });
  it('collects every malformed line with its number', () => {
    expect(() => parseLabels('a 1\nb x\nc\na 0\n', 'labels.txt')).toThrow(/labels.txt: 3 malformed.*line 2.*line 3.*line 4: sample 'a' is labelled twice/);
  });
});

describe('top-k accuracy', () => {
  it('counts a row correct at k when its label is among the k highest scores', () => {
    const labels = parseLabels('s0 2\ns1 0\ns2 1 \n', 'labels.txt');
    const metric = topKAccuracy({ output: 'prob', labels, ks: [1, 2], labelsFile: 'labels.txt' });
    metric.update({ id: 's0', index: 0 }, scores([0.1, 0.2, 0.7])); // top-1 right
    metric.update({ id: 's1', index: 1 }, scores([0.3, 0.6, 0.1])); // label 0 is second
    metric.update({ id: 's2', index: 2 }, scores([0.5, 0.1, 0.4])); // label 1 is third
    const result = metric.result();
    expect(result.top1_accuracy).toBeCloseTo(1 / 3, 12);
    expect(result.top2_accuracy).toBeCloseTo(2 / 3, 12);
  });
  it('refuses a sample that has no label, naming the labels file', () => {
    const metric = topKAccuracy({ output: 'prob', labels: parseLabels('s0 0', 'l.txt'), ks: [1], labelsFile: 'l.txt' });
    expect(() => metric.update({ id: 'other', index: 0 }, scores([1, 0]))).toThrow(/l.txt: no label for sample 'other'/);
  });
});
