import { modelInspectionKind, onnxModelKind, ortOnlyOnnxModelKind, tensorrtEngineKind, trtexecReportKind } from '@pipeline/kinds';
import { fileKind, input, output, type StageContext, type StageResult } from '@pipeline/sdk';
import type { convertTensorrtParamsSchema } from './params.js';

/** The ports of the stage, shared by its definition (stage.ts) and its run (run.ts, imported when it runs). */
export const convertTensorrtInputs = {
  model: input(onnxModelKind, { description: 'The ONNX model to build.', refuse: [ortOnlyOnnxModelKind] }),
  inspection: input(modelInspectionKind, { optional: true, description: 'The inspect stage’s findings: its suggested profiles become the default optimization profiles.' }),
  calibration_cache: input(fileKind, { optional: true, description: 'An INT8 calibration cache you bring (--calib; trtexec does not calibrate); its content is in the cache key.' }),
};

export const convertTensorrtOutputs = {
  engine: output(tensorrtEngineKind, { description: 'The serialized engine with what built it (TensorRT, GPU, precision, profiles, bindings).' }),
  report: output(trtexecReportKind, { description: 'The build as trtexec logged it.' }),
};

/** What the stage's run receives and returns. */
export type ConvertTensorrtContext = StageContext<typeof convertTensorrtInputs, typeof convertTensorrtParamsSchema>;
export type ConvertTensorrtResult = StageResult<typeof convertTensorrtOutputs>;
