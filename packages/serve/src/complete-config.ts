import type { TensorSpec } from '@pipeline/tensor';
import { configTypeOf, type ModelConfig, type ModelTensorConfig, type PartialModelConfig } from './model-config.js';

/** ONNX Runtime backend's default for `--backend-config=onnxruntime,default-max-batch-size` (reference §2). */
export const DEFAULT_MAX_BATCH_SIZE = 4;
/** Triton's default instance count for onnxruntime on KIND_CPU (reference §2, NormalizeModelConfig). */
export const DEFAULT_CPU_INSTANCES = 2;

/** A model that cannot be served; the reason goes into the repository index. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

const isVariable = (dim: number | string | null | undefined) => typeof dim !== 'number' || dim < 0;

function configDims(spec: TensorSpec, batched: boolean): number[] {
  const shape = spec.shape ?? [];
  return (batched ? shape.slice(1) : shape).map((d) => (isVariable(d) ? -1 : (d as number)));
}

function completeTensors(given: ModelTensorConfig[] | undefined, specs: readonly TensorSpec[], batched: boolean, role: 'input' | 'output'): ModelTensorConfig[] {
  if (given === undefined || given.length === 0) return specs.map((s) => ({ name: s.name, data_type: configTypeOf(s.dtype), dims: configDims(s, batched) }));
  return given.map((tensor) => {
    const spec = specs.find((s) => s.name === tensor.name);
    if (spec === undefined) throw new ModelLoadError(`unexpected ${role} '${tensor.name}', the model has ${specs.map((s) => `'${s.name}'`).join(', ')}`);
    const type = configTypeOf(spec.dtype);
    if (tensor.data_type !== undefined && tensor.data_type !== type) {
      throw new ModelLoadError(`unexpected datatype ${tensor.data_type} for ${role} '${tensor.name}', the model has ${type}`);
    }
    const dims = tensor.dims ?? configDims(spec, batched);
    const modelDims = configDims(spec, batched);
    const shapeToCheck = tensor.reshape?.shape ?? dims;
    const fits = shapeToCheck.length === modelDims.length && shapeToCheck.every((d, i) => d === -1 || modelDims[i] === -1 || modelDims[i] === d);
    if (!fits) {
      throw new ModelLoadError(`${role} '${tensor.name}' has dims [${dims.join(',')}] in the config but [${modelDims.join(',')}] in the model${batched ? ' (with the batch dim left out)' : ''}`);
    }
    return { ...tensor, data_type: type, dims };
  });
}

/**
 * Fills an onnxruntime model's config the way Triton's auto-complete does (reference §2): name, platform,
 * backend, inputs and outputs from the model, max_batch_size 4 when every input and output has a variable
 * first dim, dynamic batching when it batches and names no scheduler, two CPU instances, and the
 * normalisations (latest-1 version policy, preferred_batch_size [max_batch_size]).
 */
export function completeOnnxConfig(given: PartialModelConfig, directoryName: string, io: { inputs: readonly TensorSpec[]; outputs: readonly TensorSpec[] }): ModelConfig {
  if (given.name !== undefined && given.name !== '' && given.name !== directoryName) {
    throw new ModelLoadError(`the config's name '${given.name}' differs from its directory '${directoryName}'`);
  }
  if (given.sequence_batching !== undefined) throw new ModelLoadError('sequence_batching is not supported by this development server');
  const all = [...io.inputs, ...io.outputs];
  const canBatch = all.every((s) => s.shape !== undefined && s.shape.length >= 1 && isVariable(s.shape[0]));
  const maxBatchSize = given.max_batch_size ?? (canBatch ? DEFAULT_MAX_BATCH_SIZE : 0);
  if (maxBatchSize < 0) throw new ModelLoadError("'max_batch_size' must be non-negative value");
  if (maxBatchSize > 0 && !canBatch) {
    throw new ModelLoadError('for the model to support batching the shape should have at least 1 dimension and the first dimension must be -1');
  }
  const batched = maxBatchSize > 0;
  const config: ModelConfig = {
    ...given,
    name: directoryName,
    platform: 'onnxruntime_onnx',
    backend: 'onnxruntime',
    max_batch_size: maxBatchSize,
    input: completeTensors(given.input, io.inputs, batched, 'input'),
    output: completeTensors(given.output, io.outputs, batched, 'output'),
    version_policy: given.version_policy ?? { latest: { num_versions: 1 } },
    instance_group: (given.instance_group ?? [{}]).map((group, index) => ({
      ...group,
      name: group.name ?? `${directoryName}_${index}`,
      kind: group.kind ?? 'KIND_CPU',
      count: group.count ?? DEFAULT_CPU_INSTANCES,
    })),
    default_model_filename: given.default_model_filename ?? 'model.onnx',
  };
  if (config.dynamic_batching === undefined && batched && maxBatchSize > 1 && given.ensemble_scheduling === undefined) config.dynamic_batching = {};
  if (config.dynamic_batching !== undefined) {
    const preferred = config.dynamic_batching.preferred_batch_size ?? [];
    if (preferred.some((size) => size > maxBatchSize)) throw new ModelLoadError('dynamic batching preferred size must be <= max batch size');
    config.dynamic_batching = {
      ...config.dynamic_batching,
      preferred_batch_size: preferred.length > 0 ? preferred : [maxBatchSize],
      max_queue_delay_microseconds: config.dynamic_batching.max_queue_delay_microseconds ?? 0,
    };
  }
  return config;
}

/** An ensemble's config: it must name its steps, inputs and outputs itself (Triton does not complete them). */
export function completeEnsembleConfig(given: PartialModelConfig, directoryName: string): ModelConfig {
  if (given.name !== undefined && given.name !== '' && given.name !== directoryName) {
    throw new ModelLoadError(`the config's name '${given.name}' differs from its directory '${directoryName}'`);
  }
  const steps = given.ensemble_scheduling?.step ?? [];
  if (steps.length === 0) throw new ModelLoadError(`ensemble ${directoryName} must specify 'step'`);
  if (given.instance_group !== undefined && given.instance_group.length > 0) throw new ModelLoadError(`instance group should not be specified for ensemble '${directoryName}'`);
  const tensors = (list: ModelTensorConfig[] | undefined, role: string) => {
    if (list === undefined || list.length === 0) throw new ModelLoadError(`ensemble ${directoryName} must list its ${role}s`);
    return list.map((t) => ({ ...t, dims: t.dims ?? [] }));
  };
  return {
    ...given,
    name: directoryName,
    platform: 'ensemble',
    backend: '',
    max_batch_size: given.max_batch_size ?? 0,
    input: tensors(given.input, 'input'),
    output: tensors(given.output, 'output'),
    version_policy: given.version_policy ?? { latest: { num_versions: 1 } },
    ensemble_scheduling: {
      step: steps.map((s) => ({ model_name: s.model_name, model_version: s.model_version ?? -1, input_map: s.input_map ?? {}, output_map: s.output_map ?? {} })),
    },
  };
}
