import { basename, dirname, join } from 'node:path';
import { GateFailedError } from '@pipeline/errors';
import { inspectModel, TENSORRT_VERSIONS } from '@pipeline/inspect';
import { modelInspectionKind, onnxModelKind, onnxModelMeta, ortOnlyOnnxModelKind, usesOrtOnlyOps } from '@pipeline/kinds';
import { renderModelCard } from '@pipeline/model-card';
import { externalDataFiles, readModel } from '@pipeline/onnx';
import { defineStage, input, output, textKind } from '@pipeline/sdk';
import { z } from 'zod';

export const inspectParams = z.object({
  /** The TensorRT version the compatibility lint checks against. */
  tensorrt: z.enum(TENSORRT_VERSIONS).default('10.x'),
  /** Fail the stage (exit 1) when the lint finds problems of this severity or worse. */
  fail_on: z.enum(['error', 'warning', 'never']).default('error'),
});

/** Inspects an ONNX model: facts for later stages, a TensorRT-compatibility lint, and a model card. */
export const inspectStage = defineStage({
  name: 'inspect',
  // 2: parameters count Constant-node payloads (value_float(s)/value_int(s) too), not other ops' tensor attributes.
  // 3: suggested profiles come from the model where it can tell, and label each dim's source.
  version: 3,
  description: 'Reads an ONNX model: IO, op histogram, parameters, a TensorRT-compatibility lint and MODEL_CARD.md.',
  inputs: { model: input(onnxModelKind) },
  params: inspectParams,
  outputs: {
    inspection: output(modelInspectionKind, { description: 'inspection.json: the facts and lint findings' }),
    model: output(onnxModelKind, { description: 'the model passed through, with its facts as metadata' }),
    card: output(textKind, { description: 'MODEL_CARD.md' }),
  },
  async run({ inputs, params, log, report, fileSize, placeOutput, writeJson, writeOutput }) {
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
  },
});
