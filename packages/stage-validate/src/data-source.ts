import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { type DataSource, onnxTestDataSource, randomSource, type Sample } from '@pipeline/data';
import { InterruptedError, UsageError } from '@pipeline/errors';
import { imageToTensor, type TensorSpec } from '@pipeline/tensor';
import type { DataParams } from './params.js';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.tif', '.tiff']);

/**
 * The samples both models see. `random` needs only the model's input specs; `images` and
 * `onnx-test-data` read the `dataset` folder. Sample ids are file names, so labels and reports name them.
 */
export function openDataSource(params: DataParams, specs: readonly TensorSpec[], dataset: string | undefined): DataSource {
  switch (params.source) {
    case 'random':
      return randomSource({ specs, seed: params.seed, count: params.count, dims: params.dims, batch: params.batch, preset: params.preset });
    case 'onnx-test-data':
      return onnxTestDataSource(requireDataset(dataset, params.source), { specs });
    case 'images':
      return imageFolderSource(requireDataset(dataset, params.source), params, specs);
  }
}

function requireDataset(dataset: string | undefined, source: string): string {
  if (dataset === undefined) {
    throw new UsageError('E_VALIDATE_DATASET', `data source '${source}' reads the \`dataset\` input, which is not set`, {
      hint: 'add `dataset: ./path/to/folder` to the stage, or use `data: { source: random }`',
    });
  }
  return dataset;
}

type ImageParams = Extract<DataParams, { source: 'images' }>;

function imageFolderSource(dir: string, params: ImageParams, specs: readonly TensorSpec[]): DataSource {
  if (specs.length !== 1) {
    throw new UsageError('E_VALIDATE_DATASET', `data source 'images' feeds a model with one input; this one has ${specs.length} (${specs.map((s) => s.name).join(', ')})`);
  }
  const input = specs[0]!;
  let files: string[] | undefined;
  const list = async () => {
    files ??= (await readdir(dir))
      .filter((f) => IMAGE_EXTENSIONS.has(path.extname(f).toLowerCase()))
      .sort()
      .slice(0, params.limit);
    if (files.length === 0) throw new UsageError('E_VALIDATE_DATASET', `${dir}: no images (${[...IMAGE_EXTENSIONS].join(', ')}) found`);
    return files;
  };
  return {
    describe: () => `images in ${path.basename(dir)} (${params.width}×${params.height}, fit ${params.fit}, ${params.channel_order})`,
    async *samples(signal?: AbortSignal): AsyncIterable<Sample> {
      for (const file of await list()) {
        if (signal?.aborted) throw new InterruptedError();
        const tensor = await imageToTensor(path.join(dir, file), {
          width: params.width,
          height: params.height,
          fit: params.fit,
          channelOrder: params.channel_order,
          layout: params.layout,
          scale: params.scale,
          mean: params.mean,
          std: params.std,
        });
        yield { id: file, feeds: { [input.name]: tensor } };
      }
    },
  };
}
