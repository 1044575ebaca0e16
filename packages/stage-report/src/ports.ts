import { input, output, textKind, type StageContext, type StageResult } from '@pipeline/sdk';
import { z } from 'zod';

/** The ports and params of the stage, shared by its definition (stage.ts) and its run (run.ts, imported when it runs). */
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
