import type { TensorSpec } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { completeEnsembleConfig, completeOnnxConfig } from './complete-config.js';

/** The onnxruntime backend's default-max-batch-size (test/fixtures/reference/triton.md §2). */
const DEFAULT_MAX_BATCH_SIZE = 4;

const batchable = { inputs: [{ name: 'x', dtype: 'float32', shape: ['n', 3, 'h', 'w'] }] as TensorSpec[], outputs: [{ name: 'p', dtype: 'float32', shape: ['n', 2] }] as TensorSpec[] };
const fixed = { inputs: [{ name: 'x', dtype: 'float32', shape: [1, 3] }] as TensorSpec[], outputs: [{ name: 'p', dtype: 'int64', shape: [1] }] as TensorSpec[] };

describe('completeOnnxConfig (Triton onnxruntime auto-complete)', () => {
  it('fills IO, a max_batch_size of 4 with dynamic batching, and two CPU instances for a model that batches', () => {
    const config = completeOnnxConfig({}, 'cls', batchable);
    expect(config).toMatchObject({
      name: 'cls',
      platform: 'onnxruntime_onnx',
      backend: 'onnxruntime',
      max_batch_size: DEFAULT_MAX_BATCH_SIZE,
      input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [3, -1, -1] }],
      output: [{ name: 'p', data_type: 'TYPE_FP32', dims: [2] }],
      instance_group: [{ name: 'cls_0', kind: 'KIND_CPU', count: 2 }],
      dynamic_batching: { preferred_batch_size: [DEFAULT_MAX_BATCH_SIZE], max_queue_delay_microseconds: 0 },
      version_policy: { latest: { num_versions: 1 } },
    });
  });

  it('leaves a model with a fixed first dim unbatched, with its full dims', () => {
    const config = completeOnnxConfig({}, 'f', fixed);
    expect([config.max_batch_size, config.input[0]?.dims, config.output[0]?.data_type, config.dynamic_batching]).toEqual([0, [1, 3], 'TYPE_INT64', undefined]);
  });

  it('keeps what the config says and checks it against the model', () => {
    expect(completeOnnxConfig({ max_batch_size: 8, input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [3, 48, -1] }] }, 'cls', batchable).input[0]?.dims).toEqual([3, 48, -1]);
    expect(() => completeOnnxConfig({ input: [{ name: 'y', data_type: 'TYPE_FP32', dims: [3] }] }, 'cls', batchable)).toThrow(/unexpected input 'y'/);
    expect(() => completeOnnxConfig({ input: [{ name: 'x', data_type: 'TYPE_INT32', dims: [3, -1, -1] }] }, 'cls', batchable)).toThrow(/TYPE_INT32.*TYPE_FP32/);
    expect(() => completeOnnxConfig({ input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [4, -1, -1] }] }, 'cls', batchable)).toThrow(/dims/);
  });

  it('refuses what Triton refuses, after accepting the same config without the fault', () => {
    expect(() => completeOnnxConfig({ name: 'cls', max_batch_size: 2 }, 'cls', batchable)).not.toThrow();
    expect(() => completeOnnxConfig({ name: 'other' }, 'cls', batchable)).toThrow(/differs from its directory/);
    expect(() => completeOnnxConfig({ max_batch_size: 2 }, 'f', fixed)).toThrow(/first dimension must be -1/);
    expect(() => completeOnnxConfig({ max_batch_size: 2, dynamic_batching: { preferred_batch_size: [4] } }, 'cls', batchable)).toThrow(/preferred size must be <= max batch size/);
    expect(() => completeOnnxConfig({ sequence_batching: {} }, 'cls', batchable)).toThrow(/sequence_batching/);
  });
});

describe('completeEnsembleConfig', () => {
  const step = { model_name: 'cls', model_version: -1, input_map: { x: 'image' }, output_map: { p: 'probs' } };
  const ensemble = { platform: 'ensemble', input: [{ name: 'image', data_type: 'TYPE_FP32', dims: [3] }], output: [{ name: 'probs', data_type: 'TYPE_FP32', dims: [2] }] };

  it('needs steps, and no instance groups', () => {
    expect(completeEnsembleConfig({ ...ensemble, ensemble_scheduling: { step: [step] } }, 'e').ensemble_scheduling?.step).toEqual([step]);
    expect(() => completeEnsembleConfig(ensemble, 'e')).toThrow(/must specify 'step'/);
    expect(() => completeEnsembleConfig({ ...ensemble, ensemble_scheduling: { step: [step] }, instance_group: [{ count: 1 }] }, 'e')).toThrow(/instance group should not be specified/);
  });
});
