import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileHasher, loadPipeline, runPlan, StageRegistry } from '@pipeline/core';
import { plugin as convertPlugin } from '@pipeline/stage-convert-onnxruntime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalDataModel, runExternalDataModel, writeExternalDataModel } from './support/external-data-model.js';

// convert/onnxruntime on a model whose weights sit in a side file: every precision and optimisation
// level must store a model that needs only what its own folder holds (the store refuses the rest).

const { N } = externalDataModel;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'convert-external-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cases = {
  fp32: { precision: 'fp32', optimization: 'disabled', atol: 1e-5 },
  fp16: { precision: 'fp16', optimization: 'disabled', atol: 2e-2 },
  fp32_basic: { precision: 'fp32', optimization: 'basic', atol: 1e-5 },
  fp16_extended: { precision: 'fp16', optimization: 'extended', atol: 2e-2 },
} as const;

describe('convert/onnxruntime on a model with external data', () => {
  it('stores a self-contained model for fp32, fp16 and ORT optimisation, and ORT gives the input model its outputs', async () => {
    const model = await writeExternalDataModel(dir, { model: 'mm.onnx', weights: 'weights/mm.bin' });
    const reference = await runExternalDataModel(model);
    const stages = Object.entries(cases)
      .map(([id, c]) => `  ${id}:\n    uses: convert/onnxruntime\n    with: { model: ./mm.onnx, precision: ${c.precision}, optimization: ${c.optimization} }\n`)
      .join('');
    await writeFile(path.join(dir, 'deploy.yaml'), `stages:\n${stages}`);
    const workspace = path.join(dir, '.pipeline');
    const hasher = await createFileHasher({ memoFile: path.join(workspace, 'hash-memo.json') });
    const registry = StageRegistry.fromPlugins([convertPlugin]);
    const { plan } = await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {}, hashFile: (p) => hasher.hashPath(p) });
    const record = await runPlan(plan, { workspace, hasher, concurrency: 1 });

    for (const [id, c] of Object.entries(cases)) {
      const stage = record.stages.find((s) => s.id === id)!;
      expect({ id, status: stage.status, error: stage.error?.message }).toEqual({ id, status: 'succeeded', error: undefined });
      const stored = stage.outputs.model!;
      // Under 2 GiB the weights are inline: the stored folder is the model alone, no reference leaves it.
      expect(stored.meta).toMatchObject({ externalData: [] });
      expect(await readdir(path.dirname(stored.path))).toEqual([path.basename(stored.path)]);
      const outputs = await runExternalDataModel(stored.path);
      expect(outputs).toHaveLength(N);
      const worst = Math.max(...outputs.map((v, i) => Math.abs(v - reference[i]!)));
      expect({ id, close: worst <= c.atol }).toEqual({ id, close: true });
    }
  });
});
