import path from 'node:path';
import { InterruptedError, InvalidInputError, UsageError } from '@pipeline/errors';
import type { DType, ImageTensorOptions, Tensor, TensorSpec } from '@pipeline/tensor';
import { globSync } from 'tinyglobby';
import { type FileTensors, readTensorFile } from './read-tensor-file.js';
import type { DataSource, Sample } from './source.js';

export interface FilesSourceOptions {
  /** Glob pattern(s) relative to `baseDir`; matched files are sorted, one sample per file. */
  glob: string | readonly string[];
  baseDir: string;
  /** The model's inputs: single-tensor files feed one of them, named tensors are matched by name. */
  specs: readonly TensorSpec[];
  /** The model's outputs: tensors of npz/json files named after them become expected outputs. */
  outputSpecs?: readonly TensorSpec[];
  /** The input single-tensor files feed; needed only when the model has several inputs. */
  input?: string;
  /** Image decoding; width/height default to the input's static H and W. */
  image?: Partial<ImageTensorOptions>;
  /** dtype and shape of headerless .raw/.bin files (default: the input's, when fully static). */
  raw?: { dtype: Exclude<DType, 'string'>; shape: number[] };
  /** `directory`: a sample's label is the name of the folder its file is in (ImageNet-style layout). */
  labels?: 'directory';
  /** Use only the first N matched files (after sorting), e.g. a quick subset of a large folder. */
  limit?: number;
}

/** Adds a leading batch axis of 1 when the file holds one sample of a batched input (rank one short). */
function fitRank(tensor: Tensor, spec: TensorSpec | undefined): Tensor {
  if (spec?.shape !== undefined && spec.shape.length === tensor.shape.length + 1) return { ...tensor, shape: [1, ...tensor.shape] };
  return tensor;
}

function targetInput(options: FilesSourceOptions): TensorSpec | undefined {
  if (options.input !== undefined) {
    const spec = options.specs.find((s) => s.name === options.input);
    if (!spec) throw new UsageError('E_DATA_INPUT', `files data: input "${options.input}" is not a model input (${options.specs.map((s) => s.name).join(', ')})`);
    return spec;
  }
  return options.specs.length === 1 ? options.specs[0] : undefined;
}

function toSample(id: string, file: string, content: FileTensors, options: FilesSourceOptions, target: TensorSpec | undefined): Sample {
  const inputs = new Map(options.specs.map((s) => [s.name, s]));
  const outputs = new Set((options.outputSpecs ?? []).map((s) => s.name));
  const feeds: Record<string, Tensor> = {};
  const expected: Record<string, Tensor> = {};
  if (content.kind === 'single') {
    const spec = content.name !== undefined && inputs.has(content.name) ? inputs.get(content.name) : target;
    if (!spec) {
      throw new UsageError('E_DATA_INPUT', `${file}: the model has ${options.specs.length} inputs and the file does not say which one it feeds`, {
        hint: 'set input: <name> on the files data source, or use .npz/.json files with one tensor per input',
      });
    }
    feeds[spec.name] = fitRank(content.tensor, spec);
  } else {
    for (const [name, tensor] of Object.entries(content.tensors)) {
      if (inputs.has(name)) feeds[name] = fitRank(tensor, inputs.get(name));
      else if (outputs.has(name)) expected[name] = tensor;
      else throw new InvalidInputError('E_DATA_UNKNOWN_TENSOR', `${file}: "${name}" is neither a model input (${[...inputs.keys()].join(', ')}) nor an output`);
    }
  }
  const sample: Sample = { id, feeds };
  if (Object.keys(expected).length > 0) sample.expected = expected;
  if (options.labels === 'directory') sample.label = path.basename(path.dirname(file));
  return sample;
}

/**
 * One sample per file matched by a glob: .npy, .npz, .json (KServe v2), .pb, .raw/.bin or images.
 * Files are listed up front (sorted, so runs are reproducible) and read one at a time.
 */
export function filesSource(options: FilesSourceOptions): DataSource {
  const patterns = typeof options.glob === 'string' ? [options.glob] : [...options.glob];
  const files = globSync(patterns, { cwd: options.baseDir, onlyFiles: true }).sort().slice(0, options.limit);
  if (files.length === 0) {
    throw new UsageError('E_DATA_EMPTY', `files data: ${patterns.join(', ')} matches no files in ${options.baseDir}`);
  }
  const target = targetInput(options);
  return {
    count: files.length,
    describe: () => `files ${patterns.join(', ')} (${files.length} file${files.length === 1 ? '' : 's'})`,
    async *samples(signal?: AbortSignal): AsyncIterable<Sample> {
      for (const relative of files) {
        if (signal?.aborted) throw new InterruptedError();
        const file = path.join(options.baseDir, relative);
        const readOptions = { target, ...(options.image ? { image: options.image } : {}), ...(options.raw ? { raw: options.raw } : {}) };
        yield toSample(relative, file, await readTensorFile(file, readOptions), options, target);
      }
    },
  };
}
