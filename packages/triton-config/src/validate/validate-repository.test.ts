import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeModelConfig } from '../config-text.js';
import type { ModelConfig } from '../model-config.js';
import { readModelRepository } from '../repository.js';
import { validateModelRepository } from './validate-repository.js';

let repo: string;
beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'triton-validate-'));
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

const pre: ModelConfig = {
  name: 'pre',
  backend: 'onnxruntime',
  max_batch_size: 8,
  input: [{ name: 'raw', data_type: 'TYPE_UINT8', dims: [-1, -1, 3] }],
  output: [{ name: 'pixels', data_type: 'TYPE_FP32', dims: [3, -1, -1] }],
};
const main: ModelConfig = {
  name: 'main',
  backend: 'onnxruntime',
  max_batch_size: 8,
  input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [3, -1, -1] }],
  output: [{ name: 'y', data_type: 'TYPE_FP32', dims: [10] }],
};
const ensemble: ModelConfig = {
  name: 'ens',
  platform: 'ensemble',
  max_batch_size: 8,
  input: [{ name: 'image', data_type: 'TYPE_UINT8', dims: [-1, -1, 3] }],
  output: [{ name: 'probs', data_type: 'TYPE_FP32', dims: [10] }],
  ensemble_scheduling: {
    step: [
      { model_name: 'pre', model_version: -1, input_map: { raw: 'image' }, output_map: { pixels: 'x' } },
      { model_name: 'main', model_version: -1, input_map: { x: 'x' }, output_map: { y: 'probs' } },
    ],
  },
};

async function write(configs: ModelConfig[], options: { ensembleVersion?: boolean } = {}): Promise<string[]> {
  for (const config of configs) {
    const dir = join(repo, config.name ?? '');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'config.pbtxt'), writeModelConfig(config));
    if (config.platform !== 'ensemble') {
      await mkdir(join(dir, '1'), { recursive: true });
      await writeFile(join(dir, '1', 'model.onnx'), 'x');
    } else if (options.ensembleVersion !== false) await mkdir(join(dir, '1'), { recursive: true });
  }
  const result = validateModelRepository(await readModelRepository(repo), { gpus: [0] });
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

describe('validateModelRepository', () => {
  it('accepts a consistent ensemble with its version folder', async () => {
    expect(await write([pre, main, ensemble])).toEqual([]);
  });

  it('refuses an ensemble without a version folder, with Triton’s reason', async () => {
    expect(await write([pre, main, ensemble], { ensembleVersion: false })).toEqual([
      "at least one version must be available under the version policy of model 'ens'",
    ]);
  });

  it('refuses a step whose model does not exist', async () => {
    expect(await write([main, ensemble])).toEqual(['ensemble ens contains models that are not available or ambiguous: pre']);
  });

  it('refuses a map that changes data type or shape, and a map to a tensor the model lacks', async () => {
    const int8 = { ...main, input: [{ name: 'x', data_type: 'TYPE_INT8' as const, dims: [3, -1, -1] }] };
    expect(await write([pre, int8, ensemble])).toEqual([
      'in ensemble ens, ensemble tensor x: inconsistent data type: TYPE_FP32 is inferred from model pre while TYPE_INT8 is inferred from model main',
    ]);
    await rm(join(repo, 'main'), { recursive: true });
    const wrongShape = { ...main, input: [{ name: 'x', data_type: 'TYPE_FP32' as const, dims: [3, 224] }] };
    expect(await write([pre, wrongShape, ensemble])).toEqual([
      'in ensemble ens, ensemble tensor x: inconsistent shape: [-1,3,-1,-1] is inferred from model pre while [-1,3,224] is inferred from model main',
    ]);
    await rm(join(repo, 'main'), { recursive: true });
    const renamed = { ...main, input: [{ name: 'input', data_type: 'TYPE_FP32' as const, dims: [3, -1, -1] }] };
    expect(await write([pre, renamed, ensemble])).toEqual([
      'in ensemble ens, ensemble tensor x is mapping to non-existing input x in model main',
    ]);
  });

  it('refuses ensembles that reach themselves', async () => {
    const loop: ModelConfig = {
      ...ensemble,
      name: 'loop',
      ensemble_scheduling: { step: [{ model_name: 'ens2', input_map: { image: 'image' }, output_map: { probs: 'probs' } }] },
    };
    const ens2: ModelConfig = {
      ...ensemble,
      name: 'ens2',
      ensemble_scheduling: { step: [{ model_name: 'loop', input_map: { image: 'image' }, output_map: { probs: 'probs' } }] },
    };
    const messages = await write([loop, ens2]);
    expect(messages).toContain('circular dependency between ensembles: loop -> ... -> ens2 -> loop');
  });
});
