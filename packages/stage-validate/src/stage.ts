import { builtinRunners } from '@pipeline/builtin-runners';
import { onnxModelKind, tensorrtEngineKind, validationReportKind } from '@pipeline/kinds';
import { defineStage, directoryKind, fileKind, input, output, type StageContext, type StageResult, textKind } from '@pipeline/sdk';
import { validateParamsSchema } from './params.js';

/** The ports of `validate`, apart from the stage so that its run module (run.ts) can name their types. */
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

/**
 * `validate`: runs a reference and a candidate model on the same samples and compares every output
 * (Polygraphy's tolerance rule and exact error statistics), with task metrics against true labels. A
 * failed gate fails the stage (exit 1) after the report is written. Its run imports the runners, the
 * data readers and the comparison only when it runs (run.ts): checking a file loads none of them.
 */
export const validateStage = defineStage({
  name: 'validate',
  version: 2,
  description: 'Compares a candidate model with a reference on the same samples: error statistics per output, task metrics, gates.',
  inputs: validateInputs,
  params: validateParamsSchema,
  // The outputs compared come from ORT: its version is in the cache key (read without loading the native library).
  tools: builtinRunners.tools,
  probe: (env) => builtinRunners.probe(env, 'running reference and candidate models (validate)'),
  outputs: validateOutputs,
  async run(ctx) {
    const { runValidate } = await import('./run.js');
    return runValidate(ctx);
  },
});
