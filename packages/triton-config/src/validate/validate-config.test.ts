import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../config-text.js';
import type { ModelConfig } from '../model-config.js';
import { validateModelConfig } from './validate-config.js';

const CONFIGS = join(import.meta.dirname, '../../../../test/fixtures/recorded/triton/configs');
const messages = (config: ModelConfig, gpus: number[] = [0, 1]): string[] =>
  validateModelConfig(config, { gpus }).problems.map((p) => p.message);

const simple: ModelConfig = {
  name: 'm',
  platform: 'onnxruntime_onnx',
  max_batch_size: 8,
  input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [3, -1, -1] }],
  output: [{ name: 'y', data_type: 'TYPE_FP32', dims: [10] }],
};
const ensemble: ModelConfig = {
  name: 'e',
  platform: 'ensemble',
  max_batch_size: 8,
  input: [{ name: 'image', data_type: 'TYPE_UINT8', dims: [-1, -1, 3] }],
  output: [{ name: 'probs', data_type: 'TYPE_FP32', dims: [10] }],
  ensemble_scheduling: {
    step: [
      { model_name: 'pre', model_version: -1, input_map: { raw: 'image' }, output_map: { pixels: 'x' } },
      { model_name: 'm', model_version: -1, input_map: { x: 'x' }, output_map: { y: 'probs' } },
    ],
  },
};

describe('validateModelConfig', () => {
  for (const file of readdirSync(CONFIGS).filter((f) => f.endsWith('.pbtxt') && !f.startsWith('NEGATIVE'))) {
    it(`accepts the real config ${file}`, () => {
      const { config } = parseModelConfig(readFileSync(join(CONFIGS, file), 'utf8'));
      expect(messages(config)).toEqual([]);
    });
  }

  it('refuses the config that was misplaced in a version folder (no platform, no backend)', () => {
    const { config } = parseModelConfig(readFileSync(join(CONFIGS, 'NEGATIVE_ensemble_config_misplaced_in_version_dir_no_platform.pbtxt'), 'utf8'));
    const result = validateModelConfig(config, { modelName: 'ensemble_model' });
    expect(result.problems.map((p) => p.message)).toContain("must specify 'platform' or 'backend' for 'ensemble_model'");
  });

  it('fills what Triton fills before its rules: backend, version policy, preferred size, instance groups', () => {
    const { normalized } = validateModelConfig({ ...simple, dynamic_batching: {} }, { gpus: [0, 1] });
    expect(normalized).toMatchObject({
      backend: 'onnxruntime',
      default_model_filename: 'model.onnx',
      version_policy: { latest: { num_versions: 1 } },
      dynamic_batching: { preferred_batch_size: [8] },
      instance_group: [{ name: 'm', kind: 'KIND_GPU', count: 1, gpus: [0, 1] }],
    });
    expect(validateModelConfig({ ...simple, instance_group: [{}] }, { gpus: [] }).normalized.instance_group).toEqual([
      { name: 'm_0', kind: 'KIND_CPU', count: 2 },
    ]);
  });

  it('refuses platform/backend mistakes users make', () => {
    expect(messages(simple)).toEqual([]);
    expect(messages({ ...simple, platform: 'python' })).toEqual(["unexpected platform type 'python' for m"]);
    expect(messages({ ...simple, platform: 'tensorrt_plan', backend: 'onnxruntime' })).toEqual([
      "unexpected 'platform' and 'backend' pair, got:tensorrt_plan, onnxruntime",
    ]);
    expect(messages({ ...simple, platform: 'ensemble', backend: 'python' })[0]).toBe(
      "Ensemble model 'm' must have platform type 'ensemble' and empty backend type",
    );
  });

  it('refuses FORMAT_NCHW with the batch dim listed, and a dynamic batch larger than max_batch_size', () => {
    const nchw: ModelConfig = { ...simple, input: [{ name: 'x', data_type: 'TYPE_FP32', format: 'FORMAT_NCHW', dims: [3, 224, 224] }] };
    expect(messages(nchw)).toEqual([]);
    expect(messages({ ...nchw, input: [{ name: 'x', data_type: 'TYPE_FP32', format: 'FORMAT_NCHW', dims: [1, 3, 224, 224] }] })).toEqual([
      'model input NHWC/NCHW require 3 dims for m',
    ]);
    expect(messages({ ...simple, dynamic_batching: { preferred_batch_size: [4, 16] } })).toEqual([
      'dynamic batching preferred size must be <= max batch size for m',
    ]);
  });

  it('checks an ensemble in itself: accepted as written, then each of Triton’s refusals', () => {
    expect(messages(ensemble)).toEqual([]);
    expect(messages({ ...ensemble, instance_group: [{ kind: 'KIND_CPU' }] })).toEqual(["instance group should not be specified for ensemble 'e'"]);
    expect(messages({ ...ensemble, optimization: {} })).toEqual(["optimization should not be specified for ensemble 'e'"]);
    expect(messages({ ...ensemble, model_warmup: [{ name: 'w' }] })).toEqual(["model_warmup can not be specified for ensemble 'e'"]);
    expect(messages({ ...ensemble, ensemble_scheduling: {} })).toEqual(["must specify 'step' for ensemble 'e'"]);
    const extraInput = { ...ensemble, input: [...(ensemble.input ?? []), { name: 'unused', data_type: 'TYPE_FP32' as const, dims: [1] }] };
    expect(messages(extraInput)).toEqual(["ensemble input 'unused' for ensemble e' is not used"]);
    const twice = structuredClone(ensemble);
    (twice.ensemble_scheduling?.step?.[1] as { output_map: Record<string, string> }).output_map = { y: 'x' };
    expect(messages(twice)[0]).toBe("ensemble tensor 'x' can appear in an output map only once for ensemble 'e' step 1");
    const outside = structuredClone(ensemble);
    (outside.ensemble_scheduling?.step?.[0] as { model_name: string }).model_name = '../pre';
    expect(messages(outside)).toEqual(["model name '../pre' is not a single path component of the model repository"]);
  });

  it('places each problem at the offending value', () => {
    const text = 'name: "m"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 8\ninput [\n  { name: "x" data_type: TYPE_FP32 dims: [ 1, 0 ] }\n]\n';
    const { config, locations } = parseModelConfig(text, 'm/config.pbtxt');
    const [d] = validateModelConfig(config, { file: 'm/config.pbtxt', locations, modelName: 'm' }).diagnostics;
    const column = (text.split('\n')[4] ?? '').indexOf('0 ]') + 1;
    expect(d).toMatchObject({
      code: 'E_TRITON_IO',
      message: "model input 'x' dimension must be integer >= 1, or -1 to indicate a variable-size dimension for m",
      loc: { file: 'm/config.pbtxt', line: 5, column },
    });
  });
});
