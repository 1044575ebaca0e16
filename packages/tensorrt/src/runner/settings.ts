import type { TrtexecRunnerChoice } from '../drive/locate.js';
import type { TrtexecExec } from '../drive/run.js';

/** One IO tensor of an engine as convert/tensorrt records it (`meta.build.bindings`). */
export interface EngineBinding {
  name: string;
  direction: 'input' | 'output';
  /** The ONNX element type (`float32`, `int64`, …). */
  dtype: string;
  /** Declared dims: numbers, symbolic names, or null when unknown. */
  shape: (number | string | null)[] | null;
}

/**
 * `RunnerTarget.settings` of `runner: tensorrt`. A plan file does not say its IO tensors in a form we can
 * read without TensorRT, so the caller passes the bindings convert/tensorrt recorded beside it.
 */
export interface TensorrtRunnerSettings {
  bindings: readonly EngineBinding[];
  /** How trtexec is started; the stage passes its cancellable `ctx.exec`. Default: execa. */
  exec?: TrtexecExec;
  /** Where trtexec is looked for (TRTEXEC, PATH, TRTEXEC_IMAGE); the process's own environment fills gaps. */
  env?: Readonly<Record<string, string | undefined>>;
  runner?: TrtexecRunnerChoice;
  trtexecPath?: string;
  image?: string;
  /** A folder for the per-run input and output files (default: the system's temporary folder). */
  scratchDir?: string;
  /** Kills one trtexec run after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
}
