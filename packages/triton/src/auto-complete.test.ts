import ort from 'onnxruntime-node';
import { modelIO, readModel } from '@pipeline/onnx';
import { validateModelConfig } from '@pipeline/triton-config';
import { describe, expect, it } from 'vitest';
import { ocrModels } from '../../../test/support/test-models.js';
import { completeOnnxruntimeConfig, completeTensorrtConfig } from './auto-complete.js';
import type { EngineDescription } from './engine.js';

/** ONNX Runtime's own names for element types → Triton's (server model_configuration.md "Datatypes"). */
const ORT_TO_TRITON: Record<string, string> = { float32: 'TYPE_FP32', int64: 'TYPE_INT64', uint8: 'TYPE_UINT8' };

describe('completeOnnxruntimeConfig', () => {
  for (const [label, path] of Object.entries({ cls: ocrModels.cls, det: ocrModels.det })) {
    it(`${label}: fills IO as ONNX Runtime sees the model, max_batch_size 4 and dynamic batching`, async () => {
      const session = await ort.InferenceSession.create(path);
      const io = modelIO(await readModel(path));
      const { config, diagnostics } = completeOnnxruntimeConfig({ name: label }, io);
      expect(diagnostics).toEqual([]);
      const expected = (meta: readonly ort.InferenceSession.ValueMetadata[]) =>
        meta.map((m) => ({
          name: m.name,
          data_type: ORT_TO_TRITON[(m as { type: string }).type],
          dims: (m as { shape: ReadonlyArray<number | string> }).shape.slice(1).map((d) => (typeof d === 'number' ? d : -1)),
        }));
      expect(config.input).toEqual(expected(session.inputMetadata));
      expect(config.output).toEqual(expected(session.outputMetadata));
      expect(config).toMatchObject({ platform: 'onnxruntime_onnx', backend: 'onnxruntime', max_batch_size: 4, dynamic_batching: {} });
      expect(validateModelConfig(config, { modelName: label }).problems).toEqual([]);
      await session.release();
    });
  }

  it('keeps what the user set and completes only the rest; refuses batching a model that cannot batch', async () => {
    const io = modelIO(await readModel(ocrModels.cls));
    const { config } = completeOnnxruntimeConfig({ name: 'cls', max_batch_size: 16, sequence_batching: {} }, io);
    expect(config.max_batch_size).toBe(16);
    expect(config.dynamic_batching).toBeUndefined();
    const fixed = { inputs: [{ name: 'x', dtype: 'float32', shape: [1, 3, 48, 192] }], outputs: [{ name: 'y', dtype: 'float32', shape: [1, 2] }] };
    expect(completeOnnxruntimeConfig({ name: 'f' }, fixed).config).toMatchObject({ input: [{ dims: [1, 3, 48, 192] }] });
    expect(completeOnnxruntimeConfig({ name: 'f' }, fixed).config.max_batch_size).toBeUndefined();
    expect(completeOnnxruntimeConfig({ name: 'f', max_batch_size: 8 }, fixed).diagnostics.map((d) => d.code)).toEqual(['E_TRITON_BATCH_DIM']);
  });
});

describe('completeTensorrtConfig', () => {
  const engine: EngineDescription = {
    tensors: [
      { name: 'x', mode: 'input', dtype: 'kHALF', shape: [-1, 3, 48, 192] },
      { name: 'y', mode: 'output', dtype: 'kFLOAT', shape: [-1, 2] },
    ],
    profiles: [
      { shapes: { x: { min: [1, 3, 48, 192], opt: [8, 3, 48, 192], max: [16, 3, 48, 192] } } },
      { shapes: { x: { min: [1, 3, 48, 192], opt: [32, 3, 48, 192], max: [64, 3, 48, 192] } } },
    ],
  };
  it('takes max batch from the profiles, types from the bindings, one instance group per profile', () => {
    const { config } = completeTensorrtConfig({ name: 'e' }, engine);
    expect(config).toEqual({
      name: 'e',
      platform: 'tensorrt_plan',
      backend: 'tensorrt',
      default_model_filename: 'model.plan',
      max_batch_size: 64,
      input: [{ name: 'x', data_type: 'TYPE_FP16', dims: [3, 48, 192] }],
      output: [{ name: 'y', data_type: 'TYPE_FP32', dims: [2] }],
      dynamic_batching: {},
      instance_group: [
        { kind: 'KIND_GPU', count: 1, profile: ['0'] },
        { kind: 'KIND_GPU', count: 1, profile: ['1'] },
      ],
    });
    expect(validateModelConfig(config, { modelName: 'e', gpus: [0] }).problems).toEqual([]);
  });
});
