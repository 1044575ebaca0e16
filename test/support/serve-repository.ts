import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraph, createModel, createNode, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { ocrModels } from './test-models.js';

/** The cls model's config.pbtxt; the tests derive metadata expectations from these values. */
export const CLS_CONFIG = {
  maxBatchSize: 8,
  dims: [3, 48, -1],
  preferred: [4],
  /** Long enough that 8 requests sent together meet in the queue even on a busy machine. */
  maxQueueDelayUs: 20_000,
};

const clsConfigText = `name: "cls"
platform: "onnxruntime_onnx"
max_batch_size: ${CLS_CONFIG.maxBatchSize}
input [ { name: "x" data_type: TYPE_FP32 dims: [ ${CLS_CONFIG.dims.join(', ')} ] } ]
output [ { name: "softmax_0.tmp_0" data_type: TYPE_FP32 dims: [ 2 ] } ]
instance_group [ { count: 1 kind: KIND_CPU } ]
dynamic_batching { preferred_batch_size: [ ${CLS_CONFIG.preferred.join(', ')} ] max_queue_delay_microseconds: ${CLS_CONFIG.maxQueueDelayUs} }
`;

/** Only what auto-complete cannot guess: the rest (IO, platform) comes from the model. */
const doubleConfigText = `max_batch_size: 8
instance_group [ { count: 1 } ]
`;

const ensembleConfigText = `name: "cls_double"
platform: "ensemble"
max_batch_size: 8
input [ { name: "image" data_type: TYPE_FP32 dims: [ 3, 48, -1 ] } ]
output [ { name: "doubled" data_type: TYPE_FP32 dims: [ 2 ] } ]
ensemble_scheduling {
  step [
    { model_name: "cls" model_version: -1 input_map { key: "x" value: "image" } output_map { key: "softmax_0.tmp_0" value: "probs" } },
    { model_name: "double" model_version: -1 input_map { key: "y" value: "probs" } output_map { key: "z" value: "doubled" } }
  ]
}
`;

/** `double`: z = y + y on float32 [n, 2] (made with our ONNX writer, run by ONNX Runtime). */
export async function writeDoubleModel(file: string): Promise<void> {
  const graph = createGraph({
    inputs: [tensorValueInfo('y', 'float32', ['n', 2])],
    outputs: [tensorValueInfo('z', 'float32', ['n', 2])],
    nodes: [createNode('Add', ['y', 'y'], ['z'])],
  });
  await writeModel(createModel(graph), file);
}

/**
 * A Triton model repository for the server tests: `cls` (the PP-OCR direction classifier with a full
 * config and dynamic batching), `double` (a partial config, completed from the model), `cls_double` (an
 * ensemble of the two) and `broken` (a model file that is not ONNX).
 */
export async function makeServeRepository(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'serve-repo-'));
  await mkdir(join(root, 'cls/1'), { recursive: true });
  await copyFile(ocrModels.cls, join(root, 'cls/1/model.onnx'));
  await writeFile(join(root, 'cls/config.pbtxt'), clsConfigText);
  await mkdir(join(root, 'double/1'), { recursive: true });
  await writeDoubleModel(join(root, 'double/1/model.onnx'));
  await writeFile(join(root, 'double/config.pbtxt'), doubleConfigText);
  await mkdir(join(root, 'cls_double/1'), { recursive: true });
  await writeFile(join(root, 'cls_double/config.pbtxt'), ensembleConfigText);
  await mkdir(join(root, 'broken/1'), { recursive: true });
  await writeFile(join(root, 'broken/1/model.onnx'), 'this is not an ONNX model');
  return root;
}

/** A deterministic float32 image batch for the cls model ([batch, 3, 48, width]). */
export function clsImage(batch: number, width = 192, seed = 1): Float32Array {
  const data = new Float32Array(batch * 3 * 48 * width);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    data[i] = state / 2147483648 - 0.5;
  }
  return data;
}
