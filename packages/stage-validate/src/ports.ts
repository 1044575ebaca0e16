import { onnxModelKind, tensorrtEngineKind, validationReportKind } from '@pipeline/kinds';
import { directoryKind, fileKind, input, output, textKind, type StageContext, type StageResult } from '@pipeline/sdk';
import type { validateParamsSchema } from './params.js';

/** The ports of the stage, shared by its definition (stage.ts) and its run (run.ts, imported when it runs). */
export const validateInputs = {
  reference: input(onnxModelKind, { description: 'The model taken as right (e.g. the FP32 original).' }),
  candidate: input(onnxModelKind, { optional: true, description: 'The model under test (e.g. its FP16 conversion); give this or candidate_engine.' }),
  candidate_engine: input(tensorrtEngineKind, {
    optional: true,
    description: 'A TensorRT engine under test (convert/tensorrt’s engine), run by trtexec (`runner: tensorrt`, one process per sample) while the reference stays on `runner:`.',
  }),
  labels: input(fileKind, { optional: true, description: 'True labels: `<sample id> <class>` per line; enables task metrics.' }),
  dataset: input(directoryKind, { optional: true, description: 'The folder `data.files.glob` and `data.onnx_test_data.dir` are relative to (its content is in the cache key).' }),
};

export const validateOutputs = {
  report: output(validationReportKind, { description: 'Every figure, histogram and gate (validation-report.json).' }),
  card_section: output(textKind, { description: "The model card's Accuracy section (accuracy.md)." }),
};

/** What `validate`'s run receives and returns. */
export type ValidateContext = StageContext<typeof validateInputs, typeof validateParamsSchema>;
export type ValidateResult = StageResult<typeof validateOutputs>;
