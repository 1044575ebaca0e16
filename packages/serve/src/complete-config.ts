import type { TensorSpec } from '@pipeline/tensor';
import { completeOnnxruntimeConfig } from '@pipeline/triton';
import type { ModelConfig as TritonModelConfig } from '@pipeline/triton-config';
import { configTypeOf, type ModelConfig, type ModelTensorConfig, type PartialModelConfig } from './model-config.js';

/** Triton's default instance count for onnxruntime on KIND_CPU (reference §2, NormalizeModelConfig). */
export const DEFAULT_CPU_INSTANCES = 2;

/** A model that cannot be served; the reason goes into the repository index. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

const isVariable = (dim: number | string | null | undefined) => typeof dim !== 'number' || dim < 0;

function modelDims(spec: TensorSpec, batched: boolean): number[] {
  const shape = spec.shape ?? [];
  return (batched ? shape.slice(1) : shape).map((d) => (isVariable(d) ? -1 : (d as number)));
}

/** Checks the (completed) config's tensors against the model, as the onnxruntime backend does at load. */
function checkTensors(tensors: ModelTensorConfig[], specs: readonly TensorSpec[], batched: boolean, role: 'input' | 'output'): ModelTensorConfig[] {
  return tensors.map((tensor) => {
    const spec = specs.find((s) => s.name === tensor.name);
    if (spec === undefined) throw new ModelLoadError(`unexpected ${role} '${tensor.name}', the model has ${specs.map((s) => `'${s.name}'`).join(', ')}`);
    const type = configTypeOf(spec.dtype);
    if (tensor.data_type !== type) throw new ModelLoadError(`unexpected datatype ${tensor.data_type} for ${role} '${tensor.name}', the model has ${type}`);
    const dims = tensor.dims ?? [];
    const expected = modelDims(spec, batched);
    const shape = tensor.reshape?.shape ?? dims;
    const fits = shape.length === expected.length && shape.every((d, i) => d === -1 || expected[i] === -1 || expected[i] === d);
    if (!fits) {
      throw new ModelLoadError(`${role} '${tensor.name}' has dims [${dims.join(',')}] in the config but [${expected.join(',')}] in the model${batched ? ' (with the batch dim left out)' : ''}`);
    }
    return { ...tensor, dims };
  });
}

/**
 * Completes an onnxruntime model's config as Triton does: @pipeline/triton's offline auto-complete (IO
 * from the model, max_batch_size 4 when every input and output has a variable first dim, dynamic batching
 * when it batches and names no scheduler), then Triton's normalisations (two CPU instances for
 * onnxruntime, latest-1 version policy, preferred_batch_size [max_batch_size]) and the backend's checks of
 * the config against the model.
 */
export function completeOnnxConfig(given: PartialModelConfig, directoryName: string, io: { inputs: readonly TensorSpec[]; outputs: readonly TensorSpec[] }): ModelConfig {
  if (given.name !== undefined && given.name !== '' && given.name !== directoryName) {
    throw new ModelLoadError(`the config's name '${given.name}' differs from its directory '${directoryName}'`);
  }
  if (given.sequence_batching !== undefined) throw new ModelLoadError('sequence_batching is not supported by this development server');
  if ((given.max_batch_size ?? 0) < 0) throw new ModelLoadError("'max_batch_size' must be non-negative value");
  const facts = (specs: readonly TensorSpec[]) => specs.map((s) => ({ name: s.name, dtype: s.dtype, shape: s.shape === undefined ? null : [...s.shape] }));
  const completion = completeOnnxruntimeConfig({ ...given, name: directoryName } as unknown as TritonModelConfig, { inputs: facts(io.inputs), outputs: facts(io.outputs) });
  const errors = completion.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new ModelLoadError(errors.map((d) => d.message).join('; '));
  // The schema there typed every field; this server reads its subset with stricter types.
  const completed = completion.config as unknown as PartialModelConfig;
  const maxBatchSize = completed.max_batch_size ?? 0;
  const batched = maxBatchSize > 0;
  const config: ModelConfig = {
    ...completed,
    name: directoryName,
    platform: completed.platform ?? 'onnxruntime_onnx',
    backend: completed.backend ?? 'onnxruntime',
    max_batch_size: maxBatchSize,
    input: checkTensors(completed.input ?? [], io.inputs, batched, 'input'),
    output: checkTensors(completed.output ?? [], io.outputs, batched, 'output'),
    version_policy: completed.version_policy ?? { latest: { num_versions: 1 } },
    instance_group: (completed.instance_group ?? [{}]).map((group, index) => ({
      ...group,
      name: group.name ?? `${directoryName}_${index}`,
      kind: group.kind ?? 'KIND_CPU',
      count: group.count ?? DEFAULT_CPU_INSTANCES,
    })),
  };
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
