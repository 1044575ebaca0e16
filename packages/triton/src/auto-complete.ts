// Triton's auto-complete, offline: what the ONNX Runtime and TensorRT backends fill in for a partial
// config (onnxruntime_backend README; Triton qa/L0_model_config autofill goldens). ONNX Runtime: IO
// from the model, max_batch_size = default-max-batch-size (4) when the model can batch, dynamic
// batching added when batching. TensorRT: IO and max batch from the engine, dynamic batching, one
// instance group per optimisation profile.
import type { Diagnostic } from '@pipeline/errors';
import type { DataType, ModelConfig, ModelInput, ModelOutput } from '@pipeline/triton-config';
import { tritonTypeFromOnnx, tritonTypeFromTensorrt } from './data-types.js';
import { type EngineDescription, engineCanBatch, engineMaxBatch } from './engine.js';

/** A graph input/output as @pipeline/onnx's `modelIO` (and `onnx-model` metadata) describe it. */
export interface OnnxTensorFacts {
  name: string;
  dtype: string;
  shape: Array<number | string | null> | null;
}
export interface OnnxIOFacts {
  inputs: OnnxTensorFacts[];
  outputs: OnnxTensorFacts[];
}

export interface Completion {
  config: ModelConfig;
  /** Why something could not be completed, as Triton's backend would refuse it. */
  diagnostics: Diagnostic[];
}

const TRITON_DEFAULT_MAX_BATCH_SIZE = 4;

const isDynamic = (d: number | string | null | undefined): boolean => typeof d !== 'number' || d < 0;

/** The ONNX Runtime backend's batching test: every IO has rank ≥ 1 and a dynamic first dim. */
export function onnxCanBatch(io: OnnxIOFacts): boolean {
  const all = [...io.inputs, ...io.outputs];
  return all.length > 0 && all.every((t) => t.shape !== null && t.shape.length > 0 && isDynamic(t.shape[0]));
}

function dimsOf(shape: ReadonlyArray<number | string | null>, batching: boolean): number[] {
  return (batching ? shape.slice(1) : shape).map((d) => (isDynamic(d) ? -1 : (d as number)));
}

function fillTensors<T extends ModelInput | ModelOutput>(
  given: readonly T[] | undefined,
  facts: readonly { name: string; type: DataType | undefined; dims: number[] | undefined }[],
  diagnostics: Diagnostic[],
): T[] {
  const list = given && given.length > 0 ? given.map((t) => ({ ...t })) : facts.map((f) => ({ name: f.name }) as T);
  for (const tensor of list) {
    const fact = facts.find((f) => f.name === tensor.name);
    if (!fact) continue;
    if (!tensor.data_type) {
      if (fact.type) tensor.data_type = fact.type;
      else
        diagnostics.push({ code: 'E_TRITON_TYPE_UNSUPPORTED', severity: 'error', message: `tensor '${fact.name}' has a data type Triton has no TYPE_* for` });
    }
    if ((tensor.dims ?? []).length === 0 && fact.dims) tensor.dims = fact.dims;
  }
  return list;
}

function addScheduler(config: ModelConfig): void {
  if ((config.max_batch_size ?? 0) > 1 && !config.dynamic_batching && !config.sequence_batching && !config.ensemble_scheduling)
    config.dynamic_batching = {};
}

/** What Triton's ONNX Runtime backend completes from the model file. */
export function completeOnnxruntimeConfig(partial: ModelConfig, io: OnnxIOFacts, defaultMaxBatchSize = TRITON_DEFAULT_MAX_BATCH_SIZE): Completion {
  const config: ModelConfig = { ...partial };
  const diagnostics: Diagnostic[] = [];
  config.platform ||= 'onnxruntime_onnx';
  config.backend ||= 'onnxruntime';
  config.default_model_filename ||= 'model.onnx';
  const canBatch = onnxCanBatch(io);
  if ((config.max_batch_size ?? 0) === 0 && canBatch) config.max_batch_size = defaultMaxBatchSize;
  const batching = (config.max_batch_size ?? 0) > 0;
  if (batching && !canBatch)
    diagnostics.push({
      code: 'E_TRITON_BATCH_DIM',
      severity: 'error',
      message: `model '${config.name ?? ''}': for the model to support batching the shape should have at least 1 dimension and the first dimension must be -1`,
      hint: 'set max_batch_size: 0 and list the full shape in dims, or export the model with a dynamic batch dimension',
    });
  const facts = (list: OnnxTensorFacts[]) =>
    list.map((t) => ({ name: t.name, type: tritonTypeFromOnnx(t.dtype), dims: t.shape ? dimsOf(t.shape, batching && canBatch) : undefined }));
  config.input = fillTensors(config.input, facts(io.inputs), diagnostics);
  config.output = fillTensors(config.output, facts(io.outputs), diagnostics);
  addScheduler(config);
  return { config, diagnostics };
}

/** What Triton's TensorRT backend completes from the engine. */
export function completeTensorrtConfig(partial: ModelConfig, engine: EngineDescription): Completion {
  const config: ModelConfig = { ...partial };
  const diagnostics: Diagnostic[] = [];
  config.platform ||= 'tensorrt_plan';
  config.backend ||= 'tensorrt';
  config.default_model_filename ||= 'model.plan';
  const canBatch = engineCanBatch(engine);
  if ((config.max_batch_size ?? 0) === 0 && canBatch) config.max_batch_size = engineMaxBatch(engine) ?? 1;
  const batching = (config.max_batch_size ?? 0) > 0 && canBatch;
  const facts = (mode: 'input' | 'output') =>
    engine.tensors
      .filter((t) => t.mode === mode)
      .map((t) => ({ name: t.name, type: tritonTypeFromTensorrt(t.dtype), dims: dimsOf(t.shape, batching) }));
  config.input = fillTensors(config.input, facts('input'), diagnostics);
  config.output = fillTensors(config.output, facts('output'), diagnostics);
  for (const tensor of engine.tensors.filter((t) => t.isShapeTensor)) {
    const io = [...config.input, ...config.output].find((x) => x.name === tensor.name);
    if (io) io.is_shape_tensor = true;
  }
  addScheduler(config);
  if (engine.profiles.length > 1 && (config.instance_group ?? []).length === 0)
    config.instance_group = engine.profiles.map((_p, i) => ({ kind: 'KIND_GPU' as const, count: 1, profile: [String(i)] }));
  return { config, diagnostics };
}
