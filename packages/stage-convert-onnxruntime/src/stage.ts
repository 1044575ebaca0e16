import { onnxModelKind, ortOnlyOnnxModelKind } from '@pipeline/kinds';
import { onnxRuntimeTool } from '@pipeline/runner-onnxruntime/entry';
import { defineStage, input, output, type StageContext, type StageResult } from '@pipeline/sdk';
import { convertOrtParamsSchema, mayAddOrtOnlyOps } from './params.js';

/** The ports of the stage, apart from it so that its run (run.ts) can name their types. */
export const convertOnnxRuntimeInputs = { model: input(onnxModelKind, { description: 'The FP32 model to convert.' }) };

export const convertOnnxRuntimeOutputs = {
  model: output(onnxModelKind, {
    description: 'The converted model; onnx-model/ort-only when the optimisation level may add com.microsoft ops.',
    kindFor: (params: Record<string, unknown>) => (mayAddOrtOnlyOps(params.optimization) ? ortOnlyOnnxModelKind : onnxModelKind),
  }),
};

/** What the stage's run receives and returns. */
export type ConvertOnnxRuntimeContext = StageContext<typeof convertOnnxRuntimeInputs, typeof convertOrtParamsSchema>;
export type ConvertOnnxRuntimeResult = StageResult<typeof convertOnnxRuntimeOutputs>;

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
