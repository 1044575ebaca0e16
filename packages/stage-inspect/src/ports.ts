import { TENSORRT_VERSIONS } from '@pipeline/inspect/operator-support';
import { modelInspectionKind, onnxModelKind } from '@pipeline/kinds';
import { input, output, textKind, type StageContext, type StageResult } from '@pipeline/sdk';
import { z } from 'zod';

export const inspectParams = z.object({
  /** The TensorRT version the compatibility lint checks against. */
  tensorrt: z.enum(TENSORRT_VERSIONS).default('10.x'),
  /** Fail the stage (exit 1) when the lint finds problems of this severity or worse. */
  fail_on: z.enum(['error', 'warning', 'never']).default('error'),
});

/** The ports of the stage, shared by its definition (stage.ts) and its run (run.ts, imported when it runs). */
export const inspectInputs = { model: input(onnxModelKind) };

export const inspectOutputs = {
  inspection: output(modelInspectionKind, { description: 'inspection.json: the facts and lint findings' }),
  model: output(onnxModelKind, { description: 'the model passed through, with its facts as metadata' }),
  card: output(textKind, { description: 'MODEL_CARD.md' }),
};

/** What the stage's run receives and returns. */
export type InspectContext = StageContext<typeof inspectInputs, typeof inspectParams>;
export type InspectResult = StageResult<typeof inspectOutputs>;
