import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataSourceParamsSchema } from '@pipeline/data';
import { imageToTensor, type TensorSpec } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { feedsFromData } from './data-feeds.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataset = path.join(repoRoot, 'pipelines/data/text-direction');
const specs: TensorSpec[] = [{ name: 'x', dtype: 'float32', shape: ['batch', 3, 'h', 'w'] }];
const image = { width: 32, height: 16 };
const context = { specs, dataset };

/** One image decoded on its own, as the expected row of a batch. */
const decoded = async (file: string) => (await imageToTensor(path.join(dataset, file), { ...image, channels: 3 })).data as Float32Array;

describe('feedsFromData', () => {
  it('stacks consecutive files into batches along the first axis, starting over when they run out', async () => {
    const data = dataSourceParamsSchema.parse({ files: { glob: '*.png', limit: 3, image } });
    const { feeds } = await feedsFromData(data, context, 2, undefined);
    // 3 samples in batches of 2: [line_000, line_001], [line_002, line_000].
    expect(feeds).toHaveLength(2);
    const row = 3 * 16 * 32;
    const second = feeds[1]!.x!;
    expect(second.shape).toEqual([2, 3, 16, 32]);
    expect(Array.from((second.data as Float32Array).subarray(0, row))).toEqual(Array.from(await decoded('line_002.png')));
    expect(Array.from((second.data as Float32Array).subarray(row, 2 * row))).toEqual(Array.from(await decoded('line_000.png')));
  });

  it('reads every sample when no limit is given: 64 text lines in batches of 32', async () => {
    const data = dataSourceParamsSchema.parse({ files: { glob: '*.png', image } });
    const { feeds, description } = await feedsFromData(data, context, 32, undefined);
    expect(feeds.map((f) => f.x!.shape)).toEqual([
      [32, 3, 16, 32],
      [32, 3, 16, 32],
    ]);
    expect(description).toMatch(/: 64 samples in 2 batches of 32$/);
  });

  it('makes `count` random batches at the benchmark batch size', async () => {
    const data = dataSourceParamsSchema.parse({ random: { count: 2, dims: { h: 8, w: 8 } } });
    const { feeds } = await feedsFromData(data, context, 3, undefined);
    expect(feeds.map((f) => f.x!.shape)).toEqual([
      [3, 3, 8, 8],
      [3, 3, 8, 8],
    ]);
  });

  it('refuses a batch inside random data: the stage sets it (and a sweep changes it)', async () => {
    const data = dataSourceParamsSchema.parse({ random: { batch: 2, dims: { h: 8, w: 8 } } });
    await expect(feedsFromData(data, context, 1, undefined)).rejects.toMatchObject({ code: 'E_BENCHMARK_PARAMS' });
  });

  it('names the input and axis of a dynamic dim random data cannot size, before generating anything', async () => {
    const data = dataSourceParamsSchema.parse({ random: { dims: { h: 8 } } });
    const error = await feedsFromData(data, context, 1, undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_DYNAMIC_SHAPE', message: 'input "x": axis 3 ("w") is dynamic and no size was given for it', hint: 'give data: { random: { dims: { "w": <size> } } }' });
    const unnamed: TensorSpec[] = [{ name: 'y', dtype: 'float32', shape: ['batch', null] }];
    await expect(feedsFromData(data, { specs: unnamed, dataset }, 1, undefined)).rejects.toMatchObject({ code: 'E_DYNAMIC_SHAPE', message: 'input "y": axis 1 is dynamic and no size was given for it' });
  });

  it('refuses files without the dataset input', async () => {
    const data = dataSourceParamsSchema.parse({ files: { glob: '*.png', image } });
    await expect(feedsFromData(data, { ...context, dataset: undefined }, 1, undefined)).rejects.toMatchObject({ code: 'E_BENCHMARK_DATA' });
  });
});
