import path from 'node:path';
import { builtinRunners } from '@pipeline/builtin-runners';
import { UsageError } from '@pipeline/errors';
import { onnxModelKind, tensorrtEngineKind, validationReportKind } from '@pipeline/kinds';
import { defineStage, directoryKind, evaluateGate, fileKind, input, output, textKind } from '@pipeline/sdk';
import { accuracySection } from './model-card.js';
import { validateParamsSchema } from './params.js';
import { buildReport } from './report.js';
import { reportFigures } from './report-figures.js';
import { engineCandidate } from './engine-candidate.js';
import { type ValidateInputs, validateModels } from './validate-models.js';

/**
 * `validate`: runs a reference and a candidate model on the same samples and compares every output
 * (Polygraphy's tolerance rule and exact error statistics), with task metrics against true labels. A
 * failed gate fails the stage (exit 1) after the report is written.
 */
export const validateStage = defineStage({
  name: 'validate',
  version: 2,
  description: 'Compares a candidate model with a reference on the same samples: error statistics per output, task metrics, gates.',
  inputs: {
    reference: input(onnxModelKind, { description: 'The model taken as right (e.g. the FP32 original).' }),
    candidate: input(onnxModelKind, { optional: true, description: 'The model under test (e.g. its FP16 conversion); give this or candidate_engine.' }),
    candidate_engine: input(tensorrtEngineKind, {
      optional: true,
      description: 'A TensorRT engine under test (convert/tensorrt’s engine), run by trtexec (`runner: tensorrt`, one process per sample) while the reference stays on `runner:`.',
    }),
    labels: input(fileKind, { optional: true, description: 'True labels: `<sample id> <class>` per line; enables task metrics.' }),
    dataset: input(directoryKind, { optional: true, description: 'The folder `data.files.glob` and `data.onnx_test_data.dir` are relative to (its content is in the cache key).' }),
  },
  params: validateParamsSchema,
  // The outputs compared come from ORT: its version is in the cache key (read without loading the native library).
  tools: builtinRunners.tools,
  probe: (env) => builtinRunners.probe(env, 'running reference and candidate models (validate)'),
  outputs: {
    report: output(validationReportKind, { description: 'Every figure, histogram and gate (validation-report.json).' }),
    card_section: output(textKind, { description: "The model card's Accuracy section (accuracy.md)." }),
  },
  async run(ctx) {
    const { reference, labels, dataset } = ctx.inputs;
    const candidate = ctx.inputs.candidate ?? ctx.inputs.candidate_engine;
    if (!candidate || (ctx.inputs.candidate && ctx.inputs.candidate_engine)) {
      throw new UsageError('E_VALIDATE_CANDIDATE', 'validate takes exactly one of candidate (an ONNX model) and candidate_engine (a TensorRT engine)', { hint: 'wire one of them' });
    }
    const inputs: ValidateInputs = {
      reference: { name: path.basename(reference.path), path: reference.path, digest: reference.digest },
      candidate: { name: path.basename(candidate.path), path: candidate.path, digest: candidate.digest, kind: candidate.kind },
    };
    const engine = ctx.inputs.candidate_engine ? engineCandidate(ctx.inputs.candidate_engine, ctx.params, ctx) : undefined;
    if (labels) inputs.labels = { name: path.basename(labels.path), path: labels.path, digest: labels.digest, text: await ctx.readText(labels) };
    if (dataset) inputs.dataset = dataset.path;
    const result = await validateModels(inputs, ctx.params, {
      openRunner: builtinRunners.factory(ctx.params.runner, ctx.params.server === undefined ? {} : { settings: ctx.params.server }),
      ...engine,
      signal: ctx.signal,
      log: ctx.log,
      progress: (update) => ctx.progress(update),
    });
    // The Reporter judges each gate; the report keeps the same verdicts.
    const records = result.gates.map((gate) => {
      ctx.report.gate(gate);
      return evaluateGate(gate);
    });
    const report = buildReport(inputs, result, records);
    reportFigures(report, ctx.report);
    const card = accuracySection(report);
    ctx.report.summary(card);
    ctx.log.info(`${report.passed ? 'passed' : 'FAILED'}: ${records.filter((g) => g.passed).length} of ${records.length} gates over ${report.data.samples} samples`);

    const reportPath = await ctx.writeJson('validation-report.json', report);
    const cardPath = await ctx.writeOutput('accuracy.md', card);
    return { outputs: { report: { path: reportPath, meta: report }, card_section: { path: cardPath, meta: {} } } };
  },
});
