import type { ModelMetadata } from '@pipeline/kserve-client';
import type { Tensor } from '@pipeline/tensor';
import { clientShape, type ModelConfig, protocolDatatype } from './model-config.js';
import type { ModelStatsRecorder } from './model-stats.js';

/** One loaded model version, whatever runs it (ONNX Runtime sessions, or an ensemble of models). */
export interface ServedModel {
  readonly name: string;
  readonly version: string;
  readonly config: ModelConfig;
  readonly stats: ModelStatsRecorder;
  /** Runs one request; inputs are already decoded. A RequestError is the client's fault. */
  infer(inputs: readonly { name: string; tensor: Tensor }[]): Promise<Record<string, Tensor>>;
  /** Requests queued or running. */
  readonly inFlight: number;
  close(): Promise<void>;
}

/** `GET /v2/models/<m>`: the config's tensors with a leading -1 when the model batches. */
export function modelMetadata(model: ServedModel, versions: string[]): ModelMetadata {
  const { config } = model;
  const tensor = (t: ModelConfig['input'][number]) => ({ name: t.name, datatype: protocolDatatype(t.data_type), shape: clientShape(config, t) });
  return { name: model.name, versions, platform: config.platform || config.backend, inputs: config.input.map(tensor), outputs: config.output.map(tensor) };
}
