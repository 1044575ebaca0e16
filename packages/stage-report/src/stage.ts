import { composeModelCard, type SectionContribution } from '@pipeline/model-card';
import { type Artifact, defineStage, input, output, type StageFiles, textKind } from '@pipeline/sdk';
import { z } from 'zod';

/** The contributions of a many-port, in the order the pipeline lists them, named by producer id. */
async function contributions(artifacts: Readonly<Record<string, Artifact>> | undefined, readText: StageFiles['readText']): Promise<SectionContribution[]> {
  return Promise.all(Object.entries(artifacts ?? {}).map(async ([source, a]) => ({ source, markdown: await readText(a) })));
}

/**
 * `report/model-card`: the inspect stage's MODEL_CARD.md with its Accuracy and Performance sections
 * filled from what `validate` (`card_section`) and `benchmark` (`summary`) wrote. Several validations or
 * benchmarks (FP32 and FP16, say) each get a subsection named by their stage id.
 */
export const modelCardStage = defineStage({
  name: 'report/model-card',
  version: 1,
  description: "Fills the inspect stage's MODEL_CARD.md with the accuracy and performance sections of later stages.",
  inputs: {
    card: input(textKind, { description: 'MODEL_CARD.md from `inspect` (its `card` output).' }),
    accuracy: input(textKind, { optional: true, many: true, description: 'Accuracy sections: `validate` outputs `card_section`, one or more.' }),
    performance: input(textKind, { optional: true, many: true, description: 'Performance sections: `benchmark` outputs `summary`, one or more.' }),
  },
  params: z.object({}),
  outputs: { card: output(textKind, { description: 'MODEL_CARD.md with the sections filled.' }) },
  async run({ inputs, log, report, readText, writeOutput }) {
    const accuracy = await contributions(inputs.accuracy, readText);
    const performance = await contributions(inputs.performance, readText);
    const card = composeModelCard(await readText(inputs.card), { accuracy, performance });
    const cardPath = await writeOutput('MODEL_CARD.md', card);
    const filled = [accuracy.length ? `accuracy (${accuracy.map((c) => c.source).join(', ')})` : '', performance.length ? `performance (${performance.map((c) => c.source).join(', ')})` : ''].filter(Boolean);
    log.info(filled.length ? `filled ${filled.join(' and ')}` : 'no sections to fill: the card is the inspect stage’s');
    report.summary(`MODEL_CARD.md: ${filled.length ? `filled ${filled.join(' and ')}` : 'no sections filled'}`);
    return { outputs: { card: { path: cardPath, meta: {} } } };
  },
});
