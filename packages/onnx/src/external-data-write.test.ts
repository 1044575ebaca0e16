import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inlineModelBytes, type OnnxModel, readModel, tensorFromProto, writeModel } from '@pipeline/onnx';
import { externalDataModel, runExternalDataModel, writeExternalDataModel } from '../../../test/support/external-data-model.js';

const root = mkdtempSync(join(tmpdir(), 'onnx-external-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const folder = () => {
  const dir = join(root, `case-${folders++}`);
  mkdirSync(dir);
  return dir;
};

const { K, N, w, b, idx, x } = externalDataModel;

/** The source model, its weights in `weights/in.bin`, and the model as read back. */
async function loadSource(dir: string): Promise<{ path: string; model: OnnxModel }> {
  const path = await writeExternalDataModel(dir, { model: 'model.onnx', weights: 'weights/in.bin' });
  return { path, model: await readModel(path) };
}

/** The reference output, computed here rather than by the code under test. */
function expected(x: Float32Array): number[] {
  return Array.from({ length: N }, (_, j) => {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += x[k]! * w[k * N + j]!;
    return sum + b[j]!;
  }).reverse();
}

function expectClose(actual: number[], wanted: number[]): void {
  expect(actual).toHaveLength(wanted.length);
  for (let i = 0; i < wanted.length; i++) expect(Math.abs(actual[i]! - wanted[i]!)).toBeLessThan(1e-4);
}

describe('writeModel with external data', () => {
  it("the source model's weights live only in its side file, and ONNX Runtime runs it", async () => {
    const { path, model } = await loadSource(folder());
    expect(model.graph.initializers.every((t) => t.data.location === 'external')).toBe(true);
    expectClose(await runExternalDataModel(path), expected(x));
  });

  it('threshold 0 moves every initializer to one side file beside the output, at offsets ORT reads', async () => {
    const source = folder();
    const { model } = await loadSource(source);
    const out = folder();
    const written = await writeModel(model, join(out, 'm.onnx'), { externalData: { file: 'm.onnx.data', thresholdBytes: 0, alignThresholdBytes: 0, alignment: 4096 } });
    expect(written.externalData).toEqual(['m.onnx.data']);
    expect(readdirSync(out).sort()).toEqual(['m.onnx', 'm.onnx.data']);
    const back = await readModel(join(out, 'm.onnx'));
    const where = back.graph.initializers.map((t) => (t.data.location === 'external' ? [t.name, t.data.path, t.data.offset, t.data.length] : [t.name, t.data.location]));
    // Aligned to 4096 as asked; lengths are the tensors' byte sizes.
    expect(where).toEqual([
      ['w', 'm.onnx.data', 0, K * N * 4],
      ['b', 'm.onnx.data', 12288, N * 4],
      ['idx', 'm.onnx.data', 16384, N * 8],
    ]);
    // The bytes at those offsets, read straight from the file, are the weights.
    const side = readFileSync(join(out, 'm.onnx.data'));
    expect(new Float32Array(side.buffer.slice(side.byteOffset + 12288, side.byteOffset + 12288 + N * 4))).toEqual(b);
    expect(Array.from(tensorFromProto(back.graph.initializers[2]!).data as BigInt64Array)).toEqual(Array.from(idx));
    expectClose(await runExternalDataModel(join(out, 'm.onnx')), expected(x));
  });

  it('the default threshold (1 KiB) keeps small tensors inline and packs without alignment below 1 MiB', async () => {
    const { model } = await loadSource(folder());
    const out = folder();
    await writeModel(model, join(out, 'm.onnx'), { externalData: { file: 'weights.bin' } });
    const back = await readModel(join(out, 'm.onnx'));
    expect(back.graph.initializers.map((t) => [t.name, t.data.location])).toEqual([['w', 'external'], ['b', 'lazy'], ['idx', 'lazy']]);
    expect(statSync(join(out, 'weights.bin')).size).toBe(K * N * 4);
    expectClose(await runExternalDataModel(join(out, 'm.onnx')), expected(x));
  });

  it('inline reads the side files into the model, which then needs nothing beside it', async () => {
    const { model } = await loadSource(folder());
    const out = folder();
    expect((await writeModel(model, join(out, 'm.onnx'), { externalData: 'inline' })).externalData).toEqual([]);
    expect(readdirSync(out)).toEqual(['m.onnx']);
    const size = statSync(join(out, 'm.onnx')).size;
    // The estimate bounds the file from above, by at most its per-tensor allowance.
    expect(inlineModelBytes(model)).toBeGreaterThanOrEqual(size);
    expect(inlineModelBytes(model) - size).toBeLessThanOrEqual(40 * 3);
    expectClose(await runExternalDataModel(join(out, 'm.onnx')), expected(x));
  });

  it('writes over the model and the side file it reads from', async () => {
    const dir = folder();
    const { path, model } = await loadSource(dir);
    await writeModel(model, path, { externalData: { file: 'weights/in.bin', thresholdBytes: 0 } });
    expect(readdirSync(join(dir, 'weights'))).toEqual(['in.bin']);
    expectClose(await runExternalDataModel(path), expected(x));
  });

  it('keep writes the references as they are and says which files they need', async () => {
    const dir = folder();
    const { path, model } = await loadSource(dir);
    expect((await writeModel(model, path)).externalData).toEqual(['weights/in.bin']);
  });

  it('refuses a side file outside the model folder', async () => {
    const { model } = await loadSource(folder());
    const out = folder();
    await expect(writeModel(model, join(out, 'm.onnx'), { externalData: { file: '../w.bin' } })).rejects.toMatchObject({ code: 'E_ONNX_EXTERNAL_DATA_LOCATION' });
    expect(readdirSync(out)).toEqual([]);
  });
});
