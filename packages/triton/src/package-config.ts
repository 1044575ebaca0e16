// config.pbtxt for a model this project packages, from what the artifact already knows — no
// retyping by the user: IO names, TYPE_* and shapes from ONNX metadata or engine facts, the batch dim
// stripped from dims only when it is dynamic on every input and output, max_batch_size bounded by
// what the model (or the engine's profiles) allows, dynamic batching and instance groups from params.
import { InvalidInputError } from '@pipeline/errors';
import type { ModelConfig, ModelDynamicBatching, ModelInstanceGroup } from '@pipeline/triton-config';
import type { OnnxIOFacts } from './auto-complete.js';
import { tritonTypeFromOnnx, tritonTypeFromTensorrt } from './data-types.js';
import { type EngineDescription, engineCanBatch, engineMaxBatch } from './engine.js';

export interface PackageOptions {
  name: string;
  /** Requested max batch; default: Triton's own default (4) for ONNX, the engine's profile max for TensorRT. */
  maxBatchSize?: number;
  /** `false` for none; default `{}` when batching. */
  dynamicBatching?: ModelDynamicBatching | false;
  instanceGroup?: ModelInstanceGroup[];
}

const DEFAULT_ONNX_MAX_BATCH = 4;

function dimsOf(shape: ReadonlyArray<number | string | null>, stripBatch: boolean): number[] {
  return (stripBatch ? shape.slice(1) : shape).map((d) => (typeof d === 'number' && d >= 0 ? d : -1));
}

function scheduling(config: ModelConfig, options: PackageOptions): ModelConfig {
  if ((config.max_batch_size ?? 0) > 1 && options.dynamicBatching !== false) config.dynamic_batching = options.dynamicBatching ?? {};
  if (options.instanceGroup && options.instanceGroup.length > 0) config.instance_group = options.instanceGroup;
  return config;
}

/** The config of an ONNX model on Triton's ONNX Runtime backend. */
export function configFromOnnx(io: OnnxIOFacts & { batchDim?: { verdict: string; reason: string } }, options: PackageOptions): ModelConfig {
  const all = [...io.inputs, ...io.outputs];
  const canBatch = all.length > 0 && all.every((t) => t.shape !== null && t.shape.length > 0 && !(typeof t.shape[0] === 'number' && t.shape[0] >= 0));
  if ((options.maxBatchSize ?? 0) > 0 && !canBatch)
    throw new InvalidInputError(
      'E_TRITON_CANNOT_BATCH',
      `model '${options.name}' cannot batch on Triton (max_batch_size ${options.maxBatchSize}): ${io.batchDim?.reason ?? 'the first dimension is not dynamic on every input and output'}`,
      { hint: 'leave max_batch_size unset (0: dims are the full shapes), or export the model with a dynamic batch dimension' },
    );
  const maxBatch = canBatch ? (options.maxBatchSize ?? DEFAULT_ONNX_MAX_BATCH) : 0;
  const tensor = (t: OnnxIOFacts['inputs'][number]) => {
    const type = tritonTypeFromOnnx(t.dtype);
    if (!type)
      throw new InvalidInputError('E_TRITON_TYPE_UNSUPPORTED', `tensor '${t.name}' of model '${options.name}' is ${t.dtype}, which Triton's ONNX Runtime backend has no TYPE_* for`);
    if (t.shape === null) throw new InvalidInputError('E_TRITON_RANK_UNKNOWN', `tensor '${t.name}' of model '${options.name}' has no known rank; Triton needs dims`);
    return { name: t.name, data_type: type, dims: dimsOf(t.shape, maxBatch > 0) };
  };
  const config: ModelConfig = {
    name: options.name,
    backend: 'onnxruntime',
    max_batch_size: maxBatch,
    input: io.inputs.map(tensor),
    output: io.outputs.map(tensor),
  };
  return scheduling(config, options);
}

/** The config of a TensorRT engine on Triton's TensorRT backend; one instance group per profile by default. */
export function configFromEngine(engine: EngineDescription, options: PackageOptions): ModelConfig {
  const canBatch = engineCanBatch(engine);
  const engineMax = engineMaxBatch(engine);
  if ((options.maxBatchSize ?? 0) > 0 && !canBatch)
    throw new InvalidInputError('E_TRITON_CANNOT_BATCH', `engine '${options.name}' has a static first dimension, so it cannot batch on Triton (max_batch_size ${options.maxBatchSize})`);
  if (options.maxBatchSize !== undefined && engineMax !== undefined && options.maxBatchSize > engineMax)
    throw new InvalidInputError(
      'E_TRITON_MAX_BATCH_ABOVE_PROFILE',
      `max_batch_size ${options.maxBatchSize} for '${options.name}' is above what the engine's optimisation profiles allow (${engineMax})`,
      { hint: `use max_batch_size ≤ ${engineMax}, or rebuild the engine with a larger --maxShapes batch` },
    );
  const maxBatch = canBatch ? (options.maxBatchSize ?? engineMax ?? 1) : 0;
  const tensors = (mode: 'input' | 'output') =>
    engine.tensors
      .filter((t) => t.mode === mode)
      .map((t) => {
        const type = tritonTypeFromTensorrt(t.dtype);
        if (!type) throw new InvalidInputError('E_TRITON_TYPE_UNSUPPORTED', `binding '${t.name}' of '${options.name}' is ${t.dtype}, which Triton has no TYPE_* for`);
        return { name: t.name, data_type: type, dims: dimsOf(t.shape, maxBatch > 0), ...(t.isShapeTensor ? { is_shape_tensor: true } : {}) };
      });
  const config: ModelConfig = { name: options.name, platform: 'tensorrt_plan', max_batch_size: maxBatch, input: tensors('input'), output: tensors('output') };
  scheduling(config, options);
  if (!config.instance_group && engine.profiles.length > 1)
    config.instance_group = engine.profiles.map((_p, i) => ({ kind: 'KIND_GPU' as const, count: 1, profile: [String(i)] }));
  return config;
}

/**
 * An ensemble that chains `models` in order: each model's outputs feed the next model's inputs, by
 * position (their counts must agree). Ensemble inputs are the first model's inputs, its outputs the
 * last model's outputs; the ensemble batches only as far as every step does.
 */
export function ensembleConfig(name: string, models: readonly ModelConfig[]): ModelConfig {
  const first = models[0];
  const last = models.at(-1);
  if (!first || !last || models.length < 2) throw new InvalidInputError('E_TRITON_ENSEMBLE_STEPS', `ensemble '${name}' needs at least two models`);
  for (let i = 1; i < models.length; i++) {
    const from = models[i - 1] as ModelConfig;
    const to = models[i] as ModelConfig;
    if ((from.output ?? []).length !== (to.input ?? []).length)
      throw new InvalidInputError(
        'E_TRITON_ENSEMBLE_CHAIN',
        `ensemble '${name}': '${from.name}' has ${(from.output ?? []).length} output(s) but '${to.name}' takes ${(to.input ?? []).length} input(s); the chain connects them by position`,
      );
  }
  const batching = models.every((m) => (m.max_batch_size ?? 0) > 0);
  const maxBatch = batching ? Math.min(...models.map((m) => m.max_batch_size ?? 0)) : 0;
  const strip = <T extends { name?: string | undefined; data_type?: unknown; dims?: number[] | undefined }>(t: T) => ({
    name: t.name,
    data_type: t.data_type,
    dims: t.dims,
  });
  const step = models.map((m, i) => {
    // The tensor between step i-1 and i is named after the consuming input, so maps read naturally.
    const inputMap = Object.fromEntries(
      (m.input ?? []).map((inp, k) => [inp.name ?? '', i === 0 ? (inp.name ?? '') : ((models[i]?.input ?? [])[k]?.name ?? '')]),
    );
    const outputMap = Object.fromEntries(
      (m.output ?? []).map((out, k) => [out.name ?? '', i === models.length - 1 ? (out.name ?? '') : ((models[i + 1]?.input ?? [])[k]?.name ?? '')]),
    );
    return { model_name: m.name ?? '', model_version: -1, input_map: inputMap, output_map: outputMap };
  });
  return {
    name,
    platform: 'ensemble',
    max_batch_size: maxBatch,
    input: (first.input ?? []).map(strip),
    output: (last.output ?? []).map(strip),
    ensemble_scheduling: { step },
  } as ModelConfig;
}
