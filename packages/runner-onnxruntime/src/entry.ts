import { defineRunnerEntry } from '@pipeline/runner';
import { onnxRuntimeTool } from './load-ort.js';

/**
 * ONNX Runtime as an entry of the runner registry (`runner: onnxruntime`). Opening a session loads the
 * native binding on first use (`loadOnnxRuntime`), so listing the runners stays cheap.
 */
export const onnxRuntimeRunner = defineRunnerEntry({
  name: 'onnxruntime',
  describe: 'ONNX Runtime (onnxruntime-node) on the CPU',
  tools: ['onnxruntime'],
  open: async (target, options) => {
    const { openOnnxRuntime } = await import('./runner.js');
    return openOnnxRuntime(target.path, options);
  },
  // Reads the version from the package manifest: it enters the cache key without loading the library.
  probe: async (_env, purpose) => ({ onnxruntime: onnxRuntimeTool(`${purpose} on the CPU`) }),
});

// For a stage's probe beside its definition (`@pipeline/runner-onnxruntime/entry` loads no ONNX Runtime).
export { onnxRuntimeTool } from './load-ort.js';
