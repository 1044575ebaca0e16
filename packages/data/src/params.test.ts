import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TensorSpec } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { writeOnnxTestDataSet } from './onnx-test-data.js';
import { createDataSource } from './create-source.js';
import { dataSourceParamsSchema } from './params.js';
import type { DataSource, Sample } from './source.js';

const specs: TensorSpec[] = [{ name: 'x', dtype: 'float32', shape: ['batch', 3, 'h', 'w'] }];

async function first(source: DataSource): Promise<Sample> {
  for await (const sample of source.samples()) return sample;
  throw new Error('empty source');
}

describe('dataSourceParamsSchema', () => {
  it('fills random defaults (seed 1, 8 samples, Polygraphy ranges)', () => {
    expect(dataSourceParamsSchema.parse({ random: {} })).toEqual({ random: { seed: 1, count: 8, preset: 'polygraphy' } });
  });

  it('reads ONNX test data from the data root itself when no dir is given', () => {
    expect(dataSourceParamsSchema.parse({ onnx_test_data: {} })).toEqual({ onnx_test_data: { dir: '.' } });
  });

  // Each refused value beside the same value without its one fault, which must be accepted: a
  // refusal for another reason would otherwise pass unnoticed.
  it.each([
    ['two sources at once', { random: {}, files: { glob: '*.npy' } }, { files: { glob: '*.npy' } }],
    ['a fractional seed', { random: { seed: 1.5 } }, { random: { seed: 1 } }],
    ['a range whose min is above its max', { random: { ranges: { x: { min: 2, max: 1 } } } }, { random: { ranges: { x: { min: 1, max: 2 } } } }],
    ['an unknown files option', { files: { glob: '*.npy', colour: 'red' } }, { files: { glob: '*.npy' } }],
    ['a dir that is not a string', { onnx_test_data: { dir: 3 } }, { onnx_test_data: { dir: '3' } }],
    ['a limit of 0', { files: { glob: '*.npy', limit: 0 } }, { files: { glob: '*.npy', limit: 1 } }],
    ['an unknown source', { sql: { query: 'select' } }, { random: {} }],
  ])('rejects %s, and accepts the same without it', (_fault, refused, accepted) => {
    expect(dataSourceParamsSchema.safeParse(accepted).error).toBeUndefined();
    expect(dataSourceParamsSchema.safeParse(refused).success).toBe(false);
  });
});

describe('createDataSource', () => {
  it('makes random data with dims from params and the batch from the model profile', async () => {
    const params = dataSourceParamsSchema.parse({ random: { seed: 4, count: 2, dims: { h: 48, w: 192 } } });
    const source = createDataSource(params, { specs, baseDir: '.', profiles: { x: [3, 3, 10, 10] } });
    expect(source.count).toBe(2);
    expect((await first(source)).feeds.x!.shape).toEqual([3, 3, 48, 192]);
  });

  it('resolves onnx_test_data and files paths against baseDir', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'data-params-'));
    try {
      const x = { dtype: 'float32' as const, shape: [1, 3, 1, 1], data: Float32Array.of(1, 2, 3) };
      await writeOnnxTestDataSet(path.join(base, 'sets', 'test_data_set_0'), { x });
      await writeOnnxTestDataSet(path.join(base, 'sets', 'test_data_set_1'), { x });
      const fromSets = createDataSource(dataSourceParamsSchema.parse({ onnx_test_data: { dir: 'sets' } }), { specs, baseDir: base });
      expect(Array.from((await first(fromSets)).feeds.x!.data as Float32Array)).toEqual([1, 2, 3]);
      const fromFiles = createDataSource(dataSourceParamsSchema.parse({ files: { glob: 'sets/**/*.pb' } }), { specs, baseDir: base });
      expect(fromFiles.count).toBe(2);
      expect((await first(fromFiles)).id).toBe('sets/test_data_set_0/input_0.pb');
      const limited = createDataSource(dataSourceParamsSchema.parse({ files: { glob: 'sets/**/*.pb', limit: 1 } }), { specs, baseDir: base });
      expect(limited.count).toBe(1);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
