import type { Feeds } from '@pipeline/benchmark';
import { createDataSource, type DataSourceParams, randomSource } from '@pipeline/data';
import { UsageError } from '@pipeline/errors';
import { createStorage, type Tensor, type TensorSpec } from '@pipeline/tensor';

/** Stacks samples along the first axis: [n₁, …] + [n₂, …] → [n₁ + n₂, …]. */
function stack(name: string, tensors: readonly Tensor[], sampleIds: readonly string[]): Tensor {
  const [first] = tensors as [Tensor, ...Tensor[]];
  const rest = first.shape.slice(1).join('x');
  for (const [i, t] of tensors.entries()) {
    if (t.dtype !== first.dtype || t.shape.slice(1).join('x') !== rest || t.dtype === 'string') {
      throw new UsageError('E_BENCHMARK_DATA', `input "${name}": sample '${sampleIds[i]}' is ${t.dtype} [${t.shape.join(', ')}], which cannot be batched with '${sampleIds[0]}' (${first.dtype} [${first.shape.join(', ')}])`, {
        hint: 'batched samples must agree in every axis but the first; resize images to one size (image: { width, height })',
      });
    }
  }
  const total = tensors.reduce((n, t) => n + t.data.length, 0);
  const data = createStorage(first.dtype, total) as Exclude<Tensor['data'], string[]>;
  let offset = 0;
  for (const t of tensors) {
    (data as Float32Array).set(t.data as Float32Array, offset);
    offset += t.data.length;
  }
  return { dtype: first.dtype, shape: [tensors.reduce((n, t) => n + (t.shape[0] ?? 1), 0), ...first.shape.slice(1)], data } as Tensor;
}

/**
 * The first dynamic dim random data could not size, named by input and axis, before anything is
 * generated: the batch axis takes the stage's batch, every other dynamic dim needs `data.random.dims`.
 */
function checkRandomDims(specs: readonly TensorSpec[], dims: Readonly<Record<string, number>>): void {
  for (const spec of specs) {
    if (spec.shape === undefined) {
      throw new UsageError('E_DYNAMIC_SHAPE', `input "${spec.name}" has no known rank, so random data cannot make it`, {
        hint: 'read real samples instead: data: { files: {…} } or { onnx_test_data: {} } with a `dataset` folder',
      });
    }
    for (const [axis, dim] of spec.shape.entries()) {
      if (typeof dim === 'number' || axis === 0 || (dim !== null && dims[dim] !== undefined)) continue;
      const named = dim === null ? `axis ${axis}` : `axis ${axis} ("${dim}")`;
      throw new UsageError('E_DYNAMIC_SHAPE', `input "${spec.name}": ${named} is dynamic and no size was given for it`, {
        hint:
          dim === null
            ? 'the axis has no name to size it by: read real samples instead (data: { files: {…} } with a `dataset` folder)'
            : `give data: { random: { dims: { "${dim}": <size> } } }`,
      });
    }
  }
}

export interface FeedsContext {
  specs: readonly TensorSpec[];
  /** The stage's `dataset` folder, which `files` and `onnx_test_data` read. */
  dataset: string | undefined;
}

/**
 * Feeds for one batch size from the shared `data:` params, built before timing. `random` generates
 * `count` distinct batches at this batch size (a `batch` inside it would fight the sweep, so it is refused);
 * `files` and `onnx_test_data` read every sample the source gives (`files.limit` bounds them: all are held
 * in memory) from the `dataset` folder and stack consecutive ones into batches, the last one wrapping
 * around to the first samples.
 */
export async function feedsFromData(data: DataSourceParams, context: FeedsContext, batch: number, signal?: AbortSignal): Promise<{ feeds: Feeds[]; description: string }> {
  if ('random' in data) {
    const { seed, count, dims = {}, ranges, preset, batch: fixed } = data.random;
    if (fixed !== undefined) throw new UsageError('E_BENCHMARK_PARAMS', 'data.random.batch: the benchmark sets the batch itself', { hint: 'use `batch:` or `sweep:` on the stage' });
    checkRandomDims(context.specs, dims);
    const source = randomSource({ specs: context.specs, seed, count, preset, batch, dims, ...(ranges ? { ranges } : {}) });
    const feeds: Feeds[] = [];
    for await (const sample of source.samples(signal)) feeds.push(sample.feeds);
    return { feeds, description: source.describe() };
  }
  if (context.dataset === undefined) {
    throw new UsageError('E_BENCHMARK_DATA', `data source '${'files' in data ? 'files' : 'onnx_test_data'}' reads the \`dataset\` input, which is not set`, {
      hint: 'add `dataset: ./path/to/folder` to the stage (paths in `data:` are relative to it)',
    });
  }
  const source = createDataSource(data, { specs: context.specs, baseDir: context.dataset });
  const samples: { id: string; feeds: Record<string, Tensor> }[] = [];
  for await (const sample of source.samples(signal)) samples.push({ id: sample.id, feeds: sample.feeds });
  if (samples.length === 0) throw new UsageError('E_BENCHMARK_DATA', `data source ${source.describe()} gave no samples`);
  const distinct = Math.ceil(samples.length / batch);
  const feeds: Feeds[] = [];
  for (let f = 0; f < distinct; f++) {
    const group = Array.from({ length: batch }, (_, i) => samples[(f * batch + i) % samples.length]!);
    const batched: Record<string, Tensor> = {};
    for (const spec of context.specs) {
      const missing = group.find((s) => s.feeds[spec.name] === undefined);
      if (missing) throw new UsageError('E_BENCHMARK_DATA', `sample '${missing.id}' has no tensor for input "${spec.name}"`);
      batched[spec.name] = stack(spec.name, group.map((s) => s.feeds[spec.name]!), group.map((s) => s.id));
    }
    feeds.push(batched);
  }
  return { feeds, description: `${source.describe()}: ${samples.length} samples in ${distinct} batches of ${batch}` };
}
