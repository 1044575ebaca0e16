import { benchmarkReportKind, onnxModelKind, tensorrtEngineKind } from '@pipeline/kinds';
import { directoryKind, fileKind, input, output, textKind, type StageContext, type StageResult } from '@pipeline/sdk';
import type { benchmarkParamsSchema } from './params.js';

/** The ports of the stage, shared by its definition (stage.ts) and its run (run-stage.ts, imported when it runs). */
export const benchmarkInputs = {
  model: input(onnxModelKind, { optional: true, description: 'The model to measure; give this or engine.' }),
  engine: input(tensorrtEngineKind, {
    optional: true,
    description: 'A TensorRT engine (convert/tensorrt’s engine) to measure with one `trtexec --loadEngine` run instead of the timing loop; give this or model.',
  }),
  dataset: input(directoryKind, { optional: true, description: 'The folder `data.files.glob` and `data.onnx_test_data.dir` are relative to.' }),
};

export const benchmarkOutputs = {
  report: output(benchmarkReportKind, { description: 'All figures, the machine and the settings (benchmark-report.json).' }),
  summary: output(textKind, { description: 'The Performance section of the model card (performance.md).' }),
  trtexec_times: output(fileKind, { optional: true, description: 'For an engine: trtexec’s --exportTimes file (every timed query).' }),
  trtexec_profile: output(fileKind, { optional: true, description: 'For an engine with layer_profile: trtexec’s --exportProfile file (per-layer times).' }),
};

/** What the stage's run receives and returns. */
export type BenchmarkStageContext = StageContext<typeof benchmarkInputs, typeof benchmarkParamsSchema>;
export type BenchmarkStageResult = StageResult<typeof benchmarkOutputs>;
