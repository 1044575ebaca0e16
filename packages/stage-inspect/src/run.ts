import { basename, dirname, join } from 'node:path';
import { GateFailedError } from '@pipeline/errors';
import { inspectModel } from '@pipeline/inspect';
import { ortOnlyOnnxModelKind, usesOrtOnlyOps } from '@pipeline/kinds';
import { onnxModelMeta } from '@pipeline/kinds/onnx-model-meta';
import { renderModelCard } from '@pipeline/model-card';
import { externalDataFiles, readModel } from '@pipeline/onnx';
import type { InspectContext, InspectResult } from './ports.js';

/** The run of `inspect` (stage.ts imports it when the stage runs). */
export async function runInspect({ inputs, params, log, report, fileSize, placeOutput, writeJson, writeOutput }: InspectContext): Promise<InspectResult> {
  const source = inputs.model.path;
  const model = await readModel(source);
  const sideFiles = externalDataFiles(model);
  const externalDataBytes: Record<string, number> = {};
  for (const file of sideFiles) {
    const bytes = await fileSize(join(dirname(source), file));
    if (bytes !== undefined) externalDataBytes[file] = bytes;
  }
  const modelBytes = (await fileSize(source)) ?? inputs.model.size;
  const inspection = inspectModel(model, { file: source, fileSize: modelBytes, tensorrt: params.tensorrt, externalDataBytes });

  // The model and its external-data files travel together; hard links cost nothing for multi-GB weights.
  for (const file of [basename(source), ...sideFiles]) await placeOutput(join(dirname(source), file), join('model', file));
  await writeJson('inspection.json', inspection);
  await writeOutput('MODEL_CARD.md', renderModelCard(inspection));

  const { counts } = inspection.lint;
  report.metric('nodes', inspection.graph.nodeCount);
  report.metric('parameters', inspection.parameters.count);
  report.metric('lint_errors', counts.error, { better: 'lower' });
  report.metric('lint_warnings', counts.warning, { better: 'lower' });
  report.summary(`**${inspection.model.file}**: ${inspection.graph.nodeCount} nodes, TensorRT ${params.tensorrt}: ${counts.error} error(s), ${counts.warning} warning(s)`);
  for (const f of inspection.lint.findings) log[f.severity === 'info' ? 'info' : 'warn'](`${f.code}: ${f.message}`);

  const failing = params.fail_on === 'never' ? 0 : params.fail_on === 'warning' ? counts.error + counts.warning : counts.error;
  if (failing > 0) {
    const first = inspection.lint.findings.find((f) => f.severity === 'error' || (params.fail_on === 'warning' && f.severity === 'warning'));
    throw new GateFailedError('E_INSPECT_LINT', `${inspection.model.file}: the TensorRT ${params.tensorrt} lint found ${failing} finding(s) at or above "${params.fail_on}"${first ? `, first ${first.code}: ${first.message}` : ''}`, {
      hint: first ? `${first.hint} (or set fail_on: never to record findings without failing)` : 'set fail_on: never to record findings without failing',
    });
  }

  const meta = onnxModelMeta(model, modelBytes);
  return {
    outputs: {
      inspection: { path: 'inspection.json', meta: inspection },
      model: { path: join('model', basename(source)), meta, ...(usesOrtOnlyOps(meta) ? { kind: ortOnlyOnnxModelKind } : {}) },
      card: { path: 'MODEL_CARD.md', meta: {} },
    },
  };
}
