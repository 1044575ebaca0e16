import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '@pipeline/errors';
import type { Tensor } from '@pipeline/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnxTestDataSource, writeOnnxTestDataSet } from './onnx-test-data.js';
import { takeSamples } from './take-samples.testing.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'onnx-test-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plain = (t: Tensor | undefined) => ({ dtype: t?.dtype, shape: t?.shape, data: Array.from(t?.data as ArrayLike<unknown>) });

describe('ONNX test data', () => {
  it('reads back exactly what was written, set by set, with expected outputs', async () => {
    const inputs: Record<string, Tensor> = {
      image: { dtype: 'float32', shape: [1, 2, 2], data: Float32Array.of(0.25, -1.5, Number.NaN, 3e38) },
      ids: { dtype: 'int64', shape: [3], data: BigInt64Array.of(-(2n ** 62n), 0n, 9n) },
      mask: { dtype: 'bool', shape: [2], data: Uint8Array.of(1, 0) },
      half: { dtype: 'float16', shape: [1], data: Uint16Array.of(0x3555) },
      text: { dtype: 'string', shape: [2], data: ['héllo', ''] },
    };
    const outputs: Record<string, Tensor> = { score: { dtype: 'float64', shape: [], data: Float64Array.of(Math.PI) } };
    const root = path.join(dir, 'roundtrip');
    await writeOnnxTestDataSet(path.join(root, 'test_data_set_0'), inputs, outputs);
    await writeOnnxTestDataSet(path.join(root, 'test_data_set_1'), { image: inputs.image! });
    const source = onnxTestDataSource(root);
    expect(source.count).toBe(2);
    const [first, second] = await takeSamples(source);
    expect(first!.id).toBe('test_data_set_0');
    expect(Object.keys(first!.feeds)).toEqual(Object.keys(inputs));
    for (const name of Object.keys(inputs)) expect(plain(first!.feeds[name])).toEqual(plain(inputs[name]));
    expect(plain(first!.expected?.score)).toEqual(plain(outputs.score));
    expect(second!.expected).toBeUndefined();
  });

  it('orders test_data_set_N numerically and input_K by K', async () => {
    const root = path.join(dir, 'order');
    for (const n of [10, 2]) await writeOnnxTestDataSet(path.join(root, `test_data_set_${n}`), { a: { dtype: 'int32', shape: [1], data: Int32Array.of(n) } });
    expect((await takeSamples(onnxTestDataSource(root))).map((s) => s.id)).toEqual(['test_data_set_2', 'test_data_set_10']);
  });

  it('reports a folder without data sets as a UsageError naming it', () => {
    expect(() => onnxTestDataSource(path.join(dir, 'missing'))).toThrow(UsageError);
    expect(() => onnxTestDataSource(dir)).toThrow(/no test_data_set_N folders/);
  });
});
