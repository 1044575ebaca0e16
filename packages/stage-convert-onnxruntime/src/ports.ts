import { onnxModelKind, ortOnlyOnnxModelKind } from '@pipeline/kinds';
import { input, output, type StageContext, type StageResult } from '@pipeline/sdk';
import { type convertOrtParamsSchema, mayAddOrtOnlyOps } from './params.js';

/** The ports of the stage, shared by its definition (stage.ts) and its run (run.ts, imported when it runs). */
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
