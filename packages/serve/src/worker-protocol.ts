import type { Tensor, TensorSpec } from '@pipeline/tensor';

/** What a session worker is started with. */
export interface WorkerSettings {
  modelPath: string;
  intraOpThreads: number;
}

export interface WorkerRequest {
  id: number;
  feeds: Record<string, Tensor>;
}

export type WorkerReply =
  | { type: 'ready'; inputs: TensorSpec[]; outputs: TensorSpec[] }
  | { type: 'failed'; message: string }
  /** `runNs`: the session's own run time, without the hops between threads. */
  | { type: 'result'; id: number; outputs: Record<string, Tensor>; runNs: number }
  /** `userError`: the feeds were wrong (an InvalidInputError), not the server. */
  | { type: 'error'; id: number; code: string; message: string; userError: boolean };
