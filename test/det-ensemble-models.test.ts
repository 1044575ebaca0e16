// The det ensemble's pre- and postprocessing models: the committed files are what the code writes,
// and ONNX Runtime computes with them what their definition says (expected values computed here from
// the inputs, in plain JS).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { encodeModel } from '@pipeline/onnx';
import { describe, expect, it } from 'vitest';
import { MEAN, postprocessModel, preprocessModel, SIZE, STD, THRESHOLD } from '../pipelines/data/det-ensemble/models.mjs';
import { repoRoot } from './support/test-models.js';

const dir = join(repoRoot, 'pipelines/data/det-ensemble');

/** A deterministic pseudo-random generator (LCG), so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('det ensemble models', () => {
  it('the committed .onnx files are exactly what models.mjs writes', () => {
    expect(Buffer.from(encodeModel(preprocessModel())).equals(readFileSync(join(dir, 'preprocess.onnx')))).toBe(true);
    expect(Buffer.from(encodeModel(postprocessModel())).equals(readFileSync(join(dir, 'postprocess.onnx')))).toBe(true);
  });

  it('preprocess: HWC uint8 → normalised CHW float32 at 640×640 (identity resize at that size)', async () => {
    const session = await ort.InferenceSession.create(join(dir, 'preprocess.onnx'));
    const rand = lcg(7);
    const pixels = Uint8Array.from({ length: SIZE * SIZE * 3 }, () => Math.floor(rand() * 256));
    const { x } = await session.run({ image: new ort.Tensor('uint8', pixels, [1, SIZE, SIZE, 3]) });
    expect(x?.dims).toEqual([1, 3, SIZE, SIZE]);
    const out = x?.data as Float32Array;
    for (let k = 0; k < 2000; k++) {
      const c = k % 3;
      const h = Math.floor(rand() * SIZE);
      const w = Math.floor(rand() * SIZE);
      const expected = ((pixels[(h * SIZE + w) * 3 + c] as number) / 255 - (MEAN[c] as number)) / (STD[c] as number);
      expect(out[c * SIZE * SIZE + h * SIZE + w]).toBeCloseTo(expected, 4);
    }
    // Any other size is resized to 640×640; a flat image stays flat.
    const flat = await session.run({ image: new ort.Tensor('uint8', new Uint8Array(2 * 37 * 91 * 3).fill(200), [2, 37, 91, 3]) });
    expect(flat.x?.dims).toEqual([2, 3, SIZE, SIZE]);
    const values = flat.x?.data as Float32Array;
    expect(values[SIZE * SIZE * 2 + 123]).toBeCloseTo((200 / 255 - (MEAN[2] as number)) / (STD[2] as number), 4);
    await session.release();
  });

  it('postprocess: the probability map thresholded at 0.3 into a uint8 mask', async () => {
    const session = await ort.InferenceSession.create(join(dir, 'postprocess.onnx'));
    const rand = lcg(11);
    const probs = Float32Array.from({ length: 2 * 1 * 40 * 56 }, () => rand());
    const { mask } = await session.run({ 'sigmoid_0.tmp_0': new ort.Tensor('float32', probs, [2, 1, 40, 56]) });
    expect(mask?.dims).toEqual([2, 1, 40, 56]);
    expect(Array.from((mask?.data ?? []) as Uint8Array)).toEqual([...probs].map((p) => (p > THRESHOLD ? 1 : 0)));
    await session.release();
  });
});
