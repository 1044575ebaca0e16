import { TENSORRT_VERSIONS } from '@pipeline/inspect/operator-support';
import { modelInspectionKind, onnxModelKind } from '@pipeline/kinds';
import { defineStage, input, output, type StageContext, type StageResult, textKind } from '@pipeline/sdk';
import { z } from 'zod';

export const inspectParams = z.object({
  /** The TensorRT version the compatibility lint checks against. */
  tensorrt: z.enum(TENSORRT_VERSIONS).default('10.x'),
  /** Fail the stage (exit 1) when the lint finds problems of this severity or worse. */
  fail_on: z.enum(['error', 'warning', 'never']).default('error'),
});

/** The ports of `inspect`, apart from the stage so that its run (run.ts) can name their types. */
export const inspectInputs = { model: input(onnxModelKind) };

export const inspectOutputs = {
  inspection: output(modelInspectionKind, { description: 'inspection.json: the facts and lint findings' }),
  model: output(onnxModelKind, { description: 'the model passed through, with its facts as metadata' }),
  card: output(textKind, { description: 'MODEL_CARD.md' }),
};

/** What the stage's run receives and returns. */
export type InspectContext = StageContext<typeof inspectInputs, typeof inspectParams>;
export type InspectResult = StageResult<typeof inspectOutputs>;

/** Inspects an ONNX model: facts for later stages, a TensorRT-compatibility lint, and a model card. */
export const inspectStage = defineStage({
  name: 'inspect',
  // 2: parameters count Constant-node payloads (value_float(s)/value_int(s) too), not other ops' tensor attributes.
  // 3: suggested profiles come from the model where it can tell, and label each dim's source.
  version: 3,
  description: 'Reads an ONNX model: IO, op histogram, parameters, a TensorRT-compatibility lint and MODEL_CARD.md.',
  inputs: inspectInputs,
  params: inspectParams,
  outputs: inspectOutputs,
  async run(ctx) {
    // The run and the libraries it needs (the ONNX reader, the lint) load when the stage runs, never when a file is checked.
    const { runInspect } = await import('./run.js');
    return runInspect(ctx);
  },
});
