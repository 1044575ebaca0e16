import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadOnnxRuntime } from './load-ort.js';
import { openSession } from './open-session.js';
import { type GraphOptimizationLevel, sessionOptions } from './session-options.js';

export interface OptimizeOptions {
  /** ORT's graph optimisation level. `extended` and above may insert `com.microsoft` ops that only ORT runs. */
  level: Exclude<GraphOptimizationLevel, 'disabled'>;
  executionProviders?: string[];
  signal?: AbortSignal;
}

/**
 * Lets ONNX Runtime optimise a model's graph and save the result (`optimizedModelFilePath`): loading the
 * session is what performs and writes the optimisation, so the session is released right after.
 */
export async function optimizeWithOnnxRuntime(modelPath: string, outPath: string, options: OptimizeOptions): Promise<void> {
  const ort = await loadOnnxRuntime();
  await mkdir(dirname(outPath), { recursive: true });
  const settings = sessionOptions({ graphOptimizationLevel: options.level, executionProviders: options.executionProviders ?? ['cpu'] });
  settings.optimizedModelFilePath = outPath;
  const session = await openSession(ort, modelPath, settings, options.signal);
  await session.release();
}
