import path from 'node:path';
import { builtinRunners, serverRunnerSettings } from '@pipeline/builtin-runners';
import { UsageError } from '@pipeline/errors';
import { evaluateGate } from '@pipeline/sdk';
import { engineCandidate } from './engine-candidate.js';
import { accuracySection } from './model-card.js';
import { buildReport } from './report.js';
import { reportFigures } from './report-figures.js';
import type { ValidateContext, ValidateResult } from './ports.js';
import { type ValidateInputs, validateModels } from './validate-models.js';

/** The `validate` stage's run (stage.ts imports it when the stage runs). */
export async function runValidate(ctx: ValidateContext): Promise<ValidateResult> {
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
  // `server.tls`'s files are read and checked before anything reaches the server (runner: triton).
  const server = ctx.params.server === undefined ? undefined : await serverRunnerSettings(ctx.params.server, { readText: (file) => ctx.readText(file), warn: (line) => ctx.log.warn(line) });
  const result = await validateModels(inputs, ctx.params, {
    openRunner: builtinRunners.factory(ctx.params.runner, server === undefined ? {} : { settings: { ...server } }),
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
}
