import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '@pipeline/triton-config';
import type { EngineDescription } from './engine.js';
import { lintEngineConfig } from './engine-lint.js';

const engine: EngineDescription = {
  tensorrtVersion: '10.3.0.26',
  tensors: [
    { name: 'images', mode: 'input', dtype: 'kFLOAT', shape: [-1, 3, 640, 640] },
    { name: 'boxes', mode: 'output', dtype: 'kFLOAT', shape: [-1, 100, 4] },
  ],
  profiles: [{ shapes: { images: { min: [1, 3, 640, 640], opt: [4, 3, 640, 640], max: [8, 3, 640, 640] } } }],
};
const config: ModelConfig = {
  name: 'det',
  platform: 'tensorrt_plan',
  max_batch_size: 8,
  input: [{ name: 'images', data_type: 'TYPE_FP32', dims: [3, 640, 640] }],
  output: [{ name: 'boxes', data_type: 'TYPE_FP32', dims: [100, 4] }],
};
const codes = (c: ModelConfig, options = {}) => lintEngineConfig(c, engine, options).map((d) => d.code);

describe('lintEngineConfig', () => {
  it('accepts a config that matches its engine', () => {
    expect(codes(config)).toEqual([]);
  });
  it('refuses max_batch_size above the profile, a profile the engine lacks, and a batch dim listed in dims', () => {
    expect(codes({ ...config, max_batch_size: 16 })).toEqual(['E_TRITON_ENGINE_MAX_BATCH']);
    expect(codes({ ...config, instance_group: [{ kind: 'KIND_GPU', profile: ['1'] }] })).toEqual(['E_TRITON_ENGINE_PROFILE']);
    expect(codes({ ...config, input: [{ name: 'images', data_type: 'TYPE_FP32', dims: [1, 3, 640, 640] }] })).toEqual(['E_TRITON_ENGINE_SHAPE']);
  });
  it('refuses a dtype or a name the bindings do not have', () => {
    expect(codes({ ...config, output: [{ name: 'boxes', data_type: 'TYPE_FP16', dims: [100, 4] }] })).toEqual(['E_TRITON_ENGINE_DTYPE']);
    expect(codes({ ...config, input: [{ name: 'image', data_type: 'TYPE_FP32', dims: [3, 640, 640] }] })).toEqual([
      'E_TRITON_ENGINE_BINDING',
      'E_TRITON_ENGINE_BINDING',
    ]);
  });
  it('checks the engine’s TensorRT against the target Triton release', () => {
    const found = lintEngineConfig(config, engine, { tritonRelease: '24.01' });
    const matching = lintEngineConfig(config, engine, { tritonRelease: '24.08' });
    expect(found.map((d) => d.code)).toContain('E_TRITON_TENSORRT_MISMATCH');
    expect(matching.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
