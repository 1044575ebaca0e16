import type { DType } from '@pipeline/tensor';
import { onnxTypeFromTriton, tritonTypeFromOnnx } from '@pipeline/triton';

/**
 * The part of Triton's ModelConfig (common protobuf/model_config.proto) this server reads, in Triton's JSON
 * form: snake_case field names, enums as strings, int64 fields as numbers. Other fields are kept as given.
 */
export interface ModelTensorConfig {
  name: string;
  data_type: string;
  dims: number[];
  reshape?: { shape: number[] };
  optional?: boolean;
  [field: string]: unknown;
}

export interface EnsembleStep {
  model_name: string;
  model_version: number;
  /** Composing model's input name → ensemble tensor name. */
  input_map: Record<string, string>;
  /** Composing model's output name → ensemble tensor name. */
  output_map: Record<string, string>;
}

export interface ModelConfig {
  name: string;
  platform: string;
  backend: string;
  max_batch_size: number;
  input: ModelTensorConfig[];
  output: ModelTensorConfig[];
  version_policy?: { latest?: { num_versions: number }; all?: Record<string, never>; specific?: { versions: number[] } };
  instance_group?: { name?: string; kind?: string; count?: number; [field: string]: unknown }[];
  dynamic_batching?: { preferred_batch_size?: number[]; max_queue_delay_microseconds?: number; [field: string]: unknown };
  ensemble_scheduling?: { step: EnsembleStep[] };
  default_model_filename?: string;
  [field: string]: unknown;
}

/** A config as read from a file or a load request: anything may be missing until completion. */
export type PartialModelConfig = Partial<ModelConfig> & Record<string, unknown>;

/**
 * Triton's `TYPE_FP32` for our float32: @pipeline/triton's table of what Triton's ONNX Runtime backend
 * maps (the reference's type-mapping table). A type it has none for (bfloat16) is `TYPE_INVALID`, as the
 * backend reports it, so a config that declares TYPE_BF16 for such a tensor is refused at load as Triton does.
 */
export function configTypeOf(dtype: DType): string {
  return tritonTypeFromOnnx(dtype) ?? 'TYPE_INVALID';
}

export function dtypeOfConfigType(type: string): DType | undefined {
  return onnxTypeFromTriton(type) as DType | undefined;
}

/** The v2 protocol's datatype for a config type: `TYPE_STRING` is `BYTES`, else the name without `TYPE_`. */
export function protocolDatatype(type: string): string {
  return type === 'TYPE_STRING' ? 'BYTES' : type.replace(/^TYPE_/, '');
}

/** The shape a client sees: `[-1] + dims` when the model batches (max_batch_size > 0), else `dims`. */
export function clientShape(config: Pick<ModelConfig, 'max_batch_size'>, tensor: ModelTensorConfig): number[] {
  return config.max_batch_size > 0 ? [-1, ...tensor.dims] : [...tensor.dims];
}

/** How many parallel sessions the config asks for: the sum of its instance groups' counts. */
export function instanceCount(config: ModelConfig): number {
  const groups = config.instance_group ?? [];
  return groups.length === 0 ? 1 : groups.reduce((n, g) => n + (g.count ?? 1), 0);
}
