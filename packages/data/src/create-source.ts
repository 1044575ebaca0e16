import path from 'node:path';
import type { TensorSpec } from '@pipeline/tensor';
import { filesSource } from './files-source.js';
import { onnxTestDataSource } from './onnx-test-data.js';
import type { DataSourceParams } from './params.js';
import { randomSource } from './random-source.js';
import type { DataSource } from './source.js';

export interface DataSourceContext {
  /** The model's inputs (and outputs, to recognise expected outputs in files). */
  specs: readonly TensorSpec[];
  outputSpecs?: readonly TensorSpec[];
  /** Relative paths in the params are resolved against it (a stage's `dataset` input: its content is hashed). */
  baseDir: string;
  /** Input name → concrete shape from the model's optimisation profile, for random data's dynamic dims. */
  profiles?: Record<string, readonly number[]>;
}

/** Builds the data source the params describe, for the model the context describes. */
export function createDataSource(params: DataSourceParams, context: DataSourceContext): DataSource {
  const outputs = context.outputSpecs ? { outputSpecs: context.outputSpecs } : {};
  if ('random' in params) {
    const { seed, count, batch, dims, ranges, preset } = params.random;
    return randomSource({
      specs: context.specs,
      seed,
      count,
      preset,
      ...(batch !== undefined ? { batch } : {}),
      ...(dims ? { dims } : {}),
      ...(ranges ? { ranges } : {}),
      ...(context.profiles ? { profiles: context.profiles } : {}),
    });
  }
  if ('files' in params) {
    const { glob, input, image, raw, labels, limit } = params.files;
    const imageOptions = image && {
      ...(image.width !== undefined ? { width: image.width } : {}),
      ...(image.height !== undefined ? { height: image.height } : {}),
      ...(image.layout ? { layout: image.layout } : {}),
      ...(image.channels ? { channels: image.channels } : {}),
      ...(image.channel_order ? { channelOrder: image.channel_order } : {}),
      ...(image.fit ? { fit: image.fit } : {}),
      ...(image.scale !== undefined ? { scale: image.scale } : {}),
      ...(image.mean ? { mean: image.mean } : {}),
      ...(image.std ? { std: image.std } : {}),
    };
    return filesSource({
      glob,
      baseDir: context.baseDir,
      specs: context.specs,
      ...outputs,
      ...(input !== undefined ? { input } : {}),
      ...(imageOptions ? { image: imageOptions } : {}),
      ...(raw ? { raw } : {}),
      ...(labels ? { labels } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
  }
  return onnxTestDataSource(path.resolve(context.baseDir, params.onnx_test_data.dir), { specs: context.specs, ...outputs });
}
