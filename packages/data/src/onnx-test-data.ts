import { readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InterruptedError, InvalidInputError, UsageError } from '@pipeline/errors';
import { decodeTensorProto, encodeTensorProto } from '@pipeline/onnx';
import type { Tensor, TensorSpec } from '@pipeline/tensor';
import type { DataSource, Sample } from './source.js';

export interface OnnxTestDataOptions {
  /** The model's inputs, in order: names a `.pb` tensor whose own name is empty (input_K → K-th input). */
  specs?: readonly TensorSpec[];
  /** The model's outputs, in order, likewise for `output_K.pb`. */
  outputSpecs?: readonly TensorSpec[];
}

const SET_DIR = /^test_data_set_(\d+)$/;
const TENSOR_FILE = /^(input|output)_(\d+)\.pb$/;

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    throw new UsageError('E_DATA_DIR', `${dir}: cannot read the ONNX test data folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** The test_data_set_N folders of `dir` in numeric order, or `dir` itself when it holds input_K.pb files. */
function findSets(dir: string): string[] {
  const entries = listDir(dir);
  const sets = entries.filter((e) => SET_DIR.test(e)).sort((a, b) => Number(SET_DIR.exec(a)![1]) - Number(SET_DIR.exec(b)![1]));
  if (sets.length > 0) return sets.map((s) => path.join(dir, s));
  if (entries.some((e) => TENSOR_FILE.test(e))) return [dir];
  throw new UsageError('E_DATA_EMPTY', `${dir}: no test_data_set_N folders and no input_K.pb files`, {
    hint: 'the ONNX test-data layout is <dir>/test_data_set_0/input_0.pb (+ output_0.pb for expected outputs)',
  });
}

async function readTensors(setDir: string, files: string[], role: 'input' | 'output', specs: readonly TensorSpec[] | undefined): Promise<Record<string, Tensor>> {
  const indexed = files
    .map((f) => TENSOR_FILE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === role)
    .sort((a, b) => Number(a[2]) - Number(b[2]));
  const out: Record<string, Tensor> = {};
  for (const match of indexed) {
    const file = path.join(setDir, match[0]);
    const { name, tensor } = decodeTensorProto(await readFile(file), { source: file });
    const index = Number(match[2]);
    const resolved = name !== '' ? name : specs?.[index]?.name;
    if (resolved === undefined) {
      throw new InvalidInputError('E_DATA_UNNAMED', `${file}: the tensor has no name and the model has no ${role} number ${index} to give it one`);
    }
    if (Object.hasOwn(out, resolved)) throw new InvalidInputError('E_DATA_DUPLICATE', `${file}: a second ${role} named "${resolved}" in ${setDir}`);
    out[resolved] = tensor;
  }
  return out;
}

/**
 * Reads a folder in the ONNX test-data layout (`test_data_set_N/input_K.pb`, with `output_K.pb` as
 * expected outputs when present), one data set per sample, read only when it is reached. The folders are
 * listed up front, so a wrong path fails before anything runs.
 */
export function onnxTestDataSource(dir: string, options: OnnxTestDataOptions = {}): DataSource {
  const sets = findSets(dir);
  return {
    count: sets.length,
    describe: () => `ONNX test data ${dir} (${sets.length} data set${sets.length === 1 ? '' : 's'})`,
    async *samples(signal?: AbortSignal): AsyncIterable<Sample> {
      for (const setDir of sets) {
        if (signal?.aborted) throw new InterruptedError();
        const files = listDir(setDir);
        const feeds = await readTensors(setDir, files, 'input', options.specs);
        const expected = await readTensors(setDir, files, 'output', options.outputSpecs);
        const sample: Sample = { id: path.relative(dir, setDir) || path.basename(setDir), feeds };
        if (Object.keys(expected).length > 0) sample.expected = expected;
        yield sample;
      }
    },
  };
}

/**
 * Writes one data set in the ONNX test-data layout: `input_K.pb` per input and `output_K.pb` per
 * expected output, K following the order of the records (pass them in the model's order).
 */
export async function writeOnnxTestDataSet(dir: string, inputs: Readonly<Record<string, Tensor>>, outputs: Readonly<Record<string, Tensor>> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const write = (role: 'input' | 'output', tensors: Readonly<Record<string, Tensor>>) =>
    Object.entries(tensors).map(([name, tensor], index) => writeFile(path.join(dir, `${role}_${index}.pb`), encodeTensorProto(name, tensor)));
  await Promise.all([...write('input', inputs), ...write('output', outputs)]);
}
