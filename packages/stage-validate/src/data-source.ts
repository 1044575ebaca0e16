import path from 'node:path';
import { createDataSource, type DataSource, type DataSourceParams } from '@pipeline/data';
import { UsageError } from '@pipeline/errors';
import type { TensorSpec } from '@pipeline/tensor';

/** What the data source needs to know about the models and the stage's inputs. */
export interface DataSourceTarget {
  /** The reference model's inputs (what every sample feeds). */
  specs: readonly TensorSpec[];
  /** The reference model's outputs, so files and test data can carry expected outputs by name. */
  outputSpecs: readonly TensorSpec[];
  /** The `dataset` input's folder: the root of `files.glob` and `onnx_test_data.dir`. */
  dataset: string | undefined;
}

/**
 * The samples both models see, from the shared `data:` params (`random`, `files`, `onnx_test_data`).
 * `files` and `onnx_test_data` read the `dataset` folder and must stay inside it: only its content is
 * in the cache key, so a path reaching outside would let a changed file go unnoticed.
 */
export function openDataSource(params: DataSourceParams, target: DataSourceTarget): DataSource {
  if ('random' in params) {
    // Accuracy is a per-sample question: a dynamic batch axis nobody sized gets one sample per run.
    const random = { ...params.random, batch: params.random.batch ?? 1 };
    return createDataSource({ random }, { specs: target.specs, outputSpecs: target.outputSpecs, baseDir: '.' });
  }
  const [source, paths] = 'files' in params ? ['files', typeof params.files.glob === 'string' ? [params.files.glob] : params.files.glob] : ['onnx_test_data', [params.onnx_test_data.dir]];
  if (target.dataset === undefined) {
    throw new UsageError('E_VALIDATE_DATASET', `data source '${source}' reads the \`dataset\` input, which is not set`, {
      hint: 'add `dataset: ./path/to/folder` to the stage (paths in `data:` are relative to it), or use `data: { random: {} }`',
    });
  }
  for (const p of paths) {
    if (path.isAbsolute(p) || p.split(/[\\/]/).includes('..')) {
      throw new UsageError('E_VALIDATE_DATASET', `data.${source}: '${p}' leaves the \`dataset\` folder`, {
        hint: 'paths in `data:` are relative to the `dataset` input; point `dataset:` at a folder that holds the files',
      });
    }
  }
  return createDataSource(params, { specs: target.specs, outputSpecs: target.outputSpecs, baseDir: target.dataset });
}
