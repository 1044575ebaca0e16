import { defineStage, input, output, type StageContext, type StageResult, textKind } from '@pipeline/sdk';
import { z } from 'zod';

/** The ports and params of `report/model-card`, apart from the stage so that its run (run.ts) can name their types. */
export const modelCardInputs = {
  card: input(textKind, { description: 'MODEL_CARD.md from `inspect` (its `card` output).' }),
  accuracy: input(textKind, { optional: true, many: true, description: 'Accuracy sections: `validate` outputs `card_section`, one or more.' }),
  performance: input(textKind, { optional: true, many: true, description: 'Performance sections: `benchmark` outputs `summary`, one or more.' }),
};

export const modelCardParams = z.object({});

export const modelCardOutputs = { card: output(textKind, { description: 'MODEL_CARD.md with the sections filled.' }) };

/** What the stage's run receives and returns. */
export type ModelCardContext = StageContext<typeof modelCardInputs, typeof modelCardParams>;
export type ModelCardResult = StageResult<typeof modelCardOutputs>;

/**
 * `report/model-card`: the inspect stage's MODEL_CARD.md with its Accuracy and Performance sections
 * filled from what `validate` (`card_section`) and `benchmark` (`summary`) wrote. Several validations or
 * benchmarks (FP32 and FP16, say) each get a subsection named by their stage id.
 */
export const modelCardStage = defineStage({
  name: 'report/model-card',
  version: 1,
  description: "Fills the inspect stage's MODEL_CARD.md with the accuracy and performance sections of later stages.",
  inputs: modelCardInputs,
  params: modelCardParams,
  outputs: modelCardOutputs,
  async run(ctx) {
    // The model-card library loads when the stage runs, never when a file is checked.
    const { runModelCard } = await import('./run.js');
    return runModelCard(ctx);
  },
});
