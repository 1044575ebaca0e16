import { composeModelCard, type SectionContribution } from '@pipeline/model-card';
import type { Artifact, StageFiles } from '@pipeline/sdk';
import type { ModelCardContext, ModelCardResult } from './ports.js';

/** The contributions of a many-port, in the order the pipeline lists them, named by producer id. */
async function contributions(artifacts: Readonly<Record<string, Artifact>> | undefined, readText: StageFiles['readText']): Promise<SectionContribution[]> {
  return Promise.all(Object.entries(artifacts ?? {}).map(async ([source, a]) => ({ source, markdown: await readText(a) })));
}

/** The run of `report/model-card` (stage.ts imports it when the stage runs). */
export async function runModelCard({ inputs, log, report, readText, writeOutput }: ModelCardContext): Promise<ModelCardResult> {
  const accuracy = await contributions(inputs.accuracy, readText);
  const performance = await contributions(inputs.performance, readText);
  const card = composeModelCard(await readText(inputs.card), { accuracy, performance });
  const cardPath = await writeOutput('MODEL_CARD.md', card);
  const filled = [accuracy.length ? `accuracy (${accuracy.map((c) => c.source).join(', ')})` : '', performance.length ? `performance (${performance.map((c) => c.source).join(', ')})` : ''].filter(Boolean);
  log.info(filled.length ? `filled ${filled.join(' and ')}` : 'no sections to fill: the card is the inspect stage’s');
  report.summary(`MODEL_CARD.md: ${filled.length ? `filled ${filled.join(' and ')}` : 'no sections filled'}`);
  return { outputs: { card: { path: cardPath, meta: {} } } };
}
