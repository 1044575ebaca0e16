import { defineStage } from '@pipeline/sdk';
import { modelCardInputs, modelCardParams, modelCardOutputs } from './ports.js';

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
