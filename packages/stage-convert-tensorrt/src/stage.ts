import { modelInspectionKind, onnxModelKind, ortOnlyOnnxModelKind, tensorrtEngineKind, trtexecReportKind } from '@pipeline/kinds';
import { defineStage, fileKind, input, output, type StageContext, type StageResult } from '@pipeline/sdk';
import { convertTensorrtParamsSchema } from './params.js';

/** The ports of the stage, apart from it so that its run (run.ts) can name their types. */
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

/**
 * `convert/tensorrt`: ONNX → TensorRT engine by driving trtexec. The trtexec is found (local or in an
 * NGC container), its version read from its own `--help`, the options turned into argv that only uses
 * flags that version lists, the build log streamed through the log parser (its phases drive progress),
 * and the plan checked against the version that built it before it is placed in the outputs.
 */
export const convertTensorrtStage = defineStage({
  name: 'convert/tensorrt',
  version: 1,
  description: 'Builds a TensorRT engine from an ONNX model with trtexec (local or NGC container), gated by the detected TensorRT version.',
  inputs: convertTensorrtInputs,
  params: convertTensorrtParamsSchema,
  outputs: convertTensorrtOutputs,
  resources: { gpu: 1, exclusive: true },
  tools: ['trtexec', 'gpu'],
  // The trtexec driver loads only when the probe runs (a run, `explain`, `doctor`), not when a file is checked.
  probe: async (env) => (await import('./probe.js')).probeTrtexec(env),
  async run(ctx) {
    // The run and the libraries it needs load when the stage runs, never when a file is checked.
    const { runConvertTensorrt } = await import('./run.js');
    return runConvertTensorrt(ctx);
  },
});
