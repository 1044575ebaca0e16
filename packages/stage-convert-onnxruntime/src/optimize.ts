import path from 'node:path';
import { externalDataFiles, type OnnxModel, readModel } from '@pipeline/onnx';
import { optimizeWithOnnxRuntime } from '@pipeline/runner-onnxruntime';
import type { StageFiles } from '@pipeline/sdk';
import { writeSelfContained } from './self-contained.js';

export interface OptimizeSelfContainedOptions {
  workDir: string;
  level: 'basic' | 'extended' | 'layout' | 'all';
  signal: AbortSignal;
  placeOutput: StageFiles['placeOutput'];
  /** Whether `model` differs from the file at `sourcePath` (converted, or a fault injected). */
  edited: boolean;
  /** Passed to `writeSelfContained` (tests force the side-file layout with 0). */
  inlineLimitBytes?: number;
}

/**
 * ONNX Runtime's graph optimisation, saved at `outPath` as a self-contained model. ORT saves the
 * initializers it loaded from external data as the references it read (their `location` relative to
 * its input), so it is given a self-contained copy in `workDir` whenever the model was edited or has
 * side files, saves into `workDir` too, and a saved model that still has references is rewritten
 * beside `outPath` (inline, or one side file past 2 GiB) instead of being moved there.
 */
export async function optimizeSelfContained(model: OnnxModel, sourcePath: string, outPath: string, options: OptimizeSelfContainedOptions): Promise<void> {
  const base = path.basename(outPath, '.onnx');
  const limit = options.inlineLimitBytes === undefined ? {} : { inlineLimitBytes: options.inlineLimitBytes };
  let ortInput = sourcePath;
  if (options.edited || externalDataFiles(model).length > 0) {
    ortInput = path.join(options.workDir, `${base}.input.onnx`);
    await writeSelfContained(model, ortInput, limit);
  }
  const saved = path.join(options.workDir, `${base}.onnx`);
  await optimizeWithOnnxRuntime(ortInput, saved, { level: options.level, signal: options.signal });
  const optimized = await readModel(saved);
  if (externalDataFiles(optimized).length === 0) await options.placeOutput(saved, path.basename(outPath), { move: true });
  else await writeSelfContained(optimized, outPath, limit);
}
