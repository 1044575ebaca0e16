import { onnxRuntimeTool } from '@pipeline/runner-onnxruntime/entry';
import { defineStage } from '@pipeline/sdk';
import { convertOrtParamsSchema } from './params.js';
import { convertOnnxRuntimeInputs, convertOnnxRuntimeOutputs } from './ports.js';

/**
 * `convert/onnxruntime`: a real, measurable conversion on machines without TensorRT — FP16 on our ONNX
 * library, then (optionally) ONNX Runtime's own graph optimisation, saved. The output carries its lineage.
 * FP16 on an x86 CPU runs through casts: this path measures accuracy drift, it does not promise speed.
 */
export const convertOnnxRuntimeStage = defineStage({
  name: 'convert/onnxruntime',
  version: 2,
  description: 'FP16 conversion (ONNX library) and ONNX Runtime graph optimisation of an ONNX model, with lineage.',
  inputs: convertOnnxRuntimeInputs,
  params: convertOrtParamsSchema,
  // ORT's optimiser writes the output: its version is in the cache key (read without loading the native library).
  tools: ['onnxruntime'],
  probe: async () => ({ onnxruntime: onnxRuntimeTool('ONNX Runtime graph optimisation (convert/onnxruntime)') }),
  outputs: convertOnnxRuntimeOutputs,
  async run(ctx) {
    // The run and the libraries it needs load when the stage runs, never when a file is checked.
    const { runConvertOnnxRuntime } = await import('./run.js');
    return runConvertOnnxRuntime(ctx);
  },
});
