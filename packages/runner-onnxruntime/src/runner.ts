import { InterruptedError, InvalidInputError, StageFailedError } from '@pipeline/errors';
import type { Runner, RunnerFactory, RunOptions } from '@pipeline/runner';
import type { Tensor } from '@pipeline/tensor';
import { checkFeeds } from './check-feeds.js';
import { fromOrtTensor, specFromMetadata, toOrtTensor } from './convert.js';
import { loadOnnxRuntime } from './load-ort.js';
import { openSession } from './open-session.js';
import { type OnnxRuntimeOptions, sessionOptions } from './session-options.js';

/**
 * Opens an ONNX model with ONNX Runtime (`onnxruntime-node`, CPU unless `executionProviders` says
 * otherwise). Feeds are checked against the model's inputs before ORT sees them.
 */
export const openOnnxRuntime = (async (modelPath: string, options: OnnxRuntimeOptions = {}): Promise<Runner> => {
  const ort = await loadOnnxRuntime();
  const settings = sessionOptions(options);
  const session = await openSession(ort, modelPath, settings, options.signal);
  const inputs = session.inputMetadata.map((m) => specFromMetadata(m, modelPath));
  const outputs = session.outputMetadata.map((m) => specFromMetadata(m, modelPath));
  const threads: { intraOp?: number; interOp?: number } = {};
  if (options.intraOpThreads !== undefined) threads.intraOp = options.intraOpThreads;
  if (options.interOpThreads !== undefined) threads.interOp = options.interOpThreads;
  let closed = false;

  return {
    info: {
      backend: 'onnxruntime',
      version: ort.env.versions.node ?? ort.env.versions.common,
      executionProviders: (options.executionProviders ?? ['cpu']).slice(),
      threads,
      details: { graphOptimizationLevel: options.graphOptimizationLevel ?? 'all' },
    },
    inputs,
    outputs,
    async run(feeds: Readonly<Record<string, Tensor>>, runOptions: RunOptions = {}): Promise<Record<string, Tensor>> {
      if (closed) throw new StageFailedError('E_RUNNER_CLOSED', `${modelPath}: run() called after close()`);
      if (runOptions.signal?.aborted) throw new InterruptedError();
      checkFeeds(inputs, feeds, modelPath);
      const ortFeeds: Record<string, ReturnType<typeof toOrtTensor>> = {};
      for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(ort, name, tensor);
      const fetches = runOptions.outputs ?? session.outputNames;
      const unknown = fetches.filter((name) => !session.outputNames.includes(name));
      if (unknown.length > 0) {
        throw new InvalidInputError('E_UNKNOWN_OUTPUT', `${modelPath}: no output named ${unknown.map((n) => `"${n}"`).join(', ')} (the model's outputs are ${session.outputNames.join(', ')})`);
      }
      let results: Awaited<ReturnType<typeof session.run>>;
      try {
        results = await session.run(ortFeeds, fetches);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new StageFailedError('E_RUNNER_RUN', `${modelPath}: ONNX Runtime failed to run the model: ${reason}`, { cause: error });
      }
      // ORT cannot stop a run midway; a cancel that arrived meanwhile still wins over the result.
      if (runOptions.signal?.aborted) throw new InterruptedError();
      const out: Record<string, Tensor> = {};
      for (const name of fetches) {
        const value = results[name];
        if (value !== undefined) out[name] = fromOrtTensor(name, value);
      }
      return out;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await session.release();
    },
  };
}) satisfies RunnerFactory;
