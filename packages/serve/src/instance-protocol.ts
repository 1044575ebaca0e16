import type { TensorSpec } from '@pipeline/tensor';

/** What a model-instance process is started with (its one command-line argument, as JSON). */
export interface InstanceSettings {
  modelPath: string;
  intraOpThreads: number;
  /** Whether ONNX Runtime's intra-op threads spin while they wait for work (its `session.intra_op.allow_spinning`). */
  spinning: boolean;
  /** Whether spinning threads stop as soon as a run returns (its `session.force_spinning_stop`). */
  stopSpinningAfterRun: boolean;
}

/** The body of a Ready frame: the session opened, with these inputs and outputs. */
export interface InstanceReady {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** The body of an Error frame; `userError` when the feeds were wrong (an InvalidInputError), not the server. */
export interface InstanceRunFailure {
  code: string;
  message: string;
  userError: boolean;
}

/** The file descriptor of the instance's frame pipe (stdin, stdout and stderr keep their usual jobs). */
export const INSTANCE_FD = 3;
