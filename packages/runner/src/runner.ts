import type { Tensor, TensorSpec } from '@pipeline/tensor';

/** What a runner says about itself; every report records it, since a figure without its backend is not comparable. */
export interface RunnerInfo {
  /** `onnxruntime`, `tensorrt`, `triton`. */
  backend: string;
  version: string;
  /** e.g. `['cpu']`, `['cuda', 'cpu']`. */
  executionProviders: string[];
  threads?: { intraOp?: number; interOp?: number };
  /** Anything else that decides speed or results (a server URL, a precision). */
  details?: Record<string, unknown>;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Only these outputs; all when absent. */
  outputs?: readonly string[];
}

/**
 * One loaded model, ready to run. ONNX Runtime implements it now; TensorRT and Triton runners implement the
 * same interface, so validate and benchmark stages work with any of them.
 */
export interface Runner {
  readonly info: RunnerInfo;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Runs one batch. Input names must match `inputs`; a mismatch is an `InvalidInputError`. */
  run(feeds: Readonly<Record<string, Tensor>>, options?: RunOptions): Promise<Record<string, Tensor>>;
  close(): Promise<void>;
}

export interface RunnerLoadOptions {
  executionProviders?: string[];
  intraOpThreads?: number;
  interOpThreads?: number;
  signal?: AbortSignal;
}

/** Opens a model file (or server endpoint) as a Runner. */
export type RunnerFactory = (modelPath: string, options?: RunnerLoadOptions) => Promise<Runner>;
