import type { RunnerLoadOptions } from '@pipeline/runner';
import type { OrtModule } from './load-ort.js';

type SessionOptions = NonNullable<Parameters<OrtModule['InferenceSession']['create']>[1]>;

/** ONNX Runtime's graph optimisation levels, as its session options name them. */
export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'layout' | 'all';

/** Load options of the ONNX Runtime runner: the common ones plus ORT's graph optimisation level. */
export interface OnnxRuntimeOptions extends RunnerLoadOptions {
  /** Default `all`, as ONNX Runtime's own default. */
  graphOptimizationLevel?: GraphOptimizationLevel;
  /**
   * Default true, ONNX Runtime's own default. false: the intra-op threads sleep between runs instead of
   * spinning (`session.intra_op.allow_spinning` 0), leaving the cores to other work in the process or
   * on the machine — a server's event loop, say — for a little wake-up latency.
   */
  spinning?: boolean;
  /**
   * Default false, ONNX Runtime's own default. true: spinning threads stop spinning as soon as the last
   * run returns (`session.force_spinning_stop` 1) and spin again on the next run, so they spin only while
   * a run needs them; no effect when `spinning` is false.
   */
  stopSpinningAfterRun?: boolean;
}

/** Maps our options onto ORT's session options; CPU is the default provider since this machine has no GPU. */
export function sessionOptions(options: OnnxRuntimeOptions): SessionOptions {
  const session: SessionOptions = { executionProviders: options.executionProviders ?? ['cpu'] };
  if (options.intraOpThreads !== undefined) session.intraOpNumThreads = options.intraOpThreads;
  if (options.interOpThreads !== undefined) session.interOpNumThreads = options.interOpThreads;
  if (options.graphOptimizationLevel !== undefined) session.graphOptimizationLevel = options.graphOptimizationLevel;
  // ORT's session config entries, as onnxruntime-node takes them: nested objects whose path is the key.
  const entries: { intra_op?: { allow_spinning: string }; force_spinning_stop?: string } = {};
  if (options.spinning === false) entries.intra_op = { allow_spinning: '0' };
  if (options.stopSpinningAfterRun === true) entries.force_spinning_stop = '1';
  if (Object.keys(entries).length > 0) session.extra = { session: entries };
  return session;
}
