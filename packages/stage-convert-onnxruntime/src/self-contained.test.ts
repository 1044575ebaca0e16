import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createStageFiles } from '@pipeline/core';
import { createGraph, createModel, createNode, readModel, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { optimizeSelfContained } from './optimize.js';
import { writeSelfContained } from './self-contained.js';

// Past protobuf's 2 GiB the output keeps its weights in its own side file. A 2 GiB fixture is too slow
// for a unit test, so the inline limit is lowered to 0 to take that branch on a small model.

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'self-contained-'));
  dirs.push(dir);
  return dir;
};

const w = Float32Array.from({ length: 32 * 16 }, (_, i) => Math.cos(i * 0.21));
const x = Float32Array.from({ length: 32 }, (_, i) => i / 32);

/** `y = x @ w` with w in `in/w.bin`. */
async function sourceModel(): Promise<string> {
  const dir = await tempDir();
  await mkdir(path.join(dir, 'in'));
  await writeFile(path.join(dir, 'in', 'w.bin'), new Uint8Array(w.buffer));
  const proto = tensorToProto('w', { dtype: 'float32', shape: [32, 16], data: w });
  proto.data = { location: 'external', path: 'in/w.bin', file: path.join(dir, 'in', 'w.bin'), offset: 0, length: w.byteLength, checksum: undefined };
  const graph = createGraph({
    inputs: [tensorValueInfo('x', 'float32', [1, 32])],
    outputs: [tensorValueInfo('y', 'float32', [1, 16])],
    initializers: [proto],
    nodes: [createNode('MatMul', ['x', 'w'], ['y'])],
  });
  const file = path.join(dir, 'mm.onnx');
  await writeModel(createModel(graph, { opsetImports: [{ domain: '', version: 17 }] }), file);
  return file;
}

async function runOrt(model: string): Promise<number[]> {
  const session = await InferenceSession.create(model);
  const out = await session.run({ x: new OrtTensor('float32', x, [1, 32]) });
  await session.release();
  return Array.from(out.y!.data as Float32Array);
}

describe('writeSelfContained', () => {
  it('inline under the limit; past it, one side file named after the model, and ORT runs either', async () => {
    const source = await sourceModel();
    const reference = await runOrt(source);
    const model = await readModel(source);

    const inlineDir = await tempDir();
    expect(await writeSelfContained(model, path.join(inlineDir, 'out.onnx'))).toEqual({ externalData: [] });
    expect(await readdir(inlineDir)).toEqual(['out.onnx']);
    expect(await runOrt(path.join(inlineDir, 'out.onnx'))).toEqual(reference);

    const externalDir = await tempDir();
    expect(await writeSelfContained(model, path.join(externalDir, 'out.onnx'), { inlineLimitBytes: 0 })).toEqual({ externalData: ['out.onnx.data'] });
    expect((await readdir(externalDir)).sort()).toEqual(['out.onnx', 'out.onnx.data']);
    expect((await readModel(path.join(externalDir, 'out.onnx'))).graph.initializers[0]!.data).toMatchObject({ location: 'external', path: 'out.onnx.data', offset: 0 });
    expect(await runOrt(path.join(externalDir, 'out.onnx'))).toEqual(reference);
  });
});

describe('optimizeSelfContained', () => {
  it("ORT's saved model keeps references to its input's side file: rewritten beside the output with its own", async () => {
    const source = await sourceModel();
    const reference = await runOrt(source);
    const [outDir, workDir] = [await tempDir(), await tempDir()];
    const outPath = path.join(outDir, 'mm.fp32.ort-basic.onnx');
    const files = createStageFiles(outDir);
    await optimizeSelfContained(await readModel(source), source, outPath, {
      workDir,
      level: 'basic',
      signal: new AbortController().signal,
      placeOutput: files.placeOutput,
      edited: false,
      inlineLimitBytes: 0,
    });
    expect((await readdir(outDir)).sort()).toEqual(['mm.fp32.ort-basic.onnx', 'mm.fp32.ort-basic.onnx.data']);
    const written = await readModel(outPath);
    expect(written.graph.initializers.map((t) => (t.data.location === 'external' ? t.data.path : t.data.location))).toEqual(['mm.fp32.ort-basic.onnx.data']);
    const outputs = await runOrt(outPath);
    for (let i = 0; i < reference.length; i++) expect(Math.abs(outputs[i]! - reference[i]!)).toBeLessThan(1e-5);
  });

  it('an unedited model without side files goes to ORT as it is, and its saved model is moved into place', async () => {
    const source = await sourceModel();
    const inline = path.join(await tempDir(), 'plain.onnx');
    await writeModel(await readModel(source), inline, { externalData: 'inline' });
    const [outDir, workDir] = [await tempDir(), await tempDir()];
    const files = createStageFiles(outDir);
    const outPath = path.join(outDir, 'plain.fp32.ort-basic.onnx');
    await optimizeSelfContained(await readModel(inline), inline, outPath, { workDir, level: 'basic', signal: new AbortController().signal, placeOutput: files.placeOutput, edited: false });
    expect(await readdir(outDir)).toEqual(['plain.fp32.ort-basic.onnx']);
    expect(await readdir(workDir)).toEqual([]);
    expect(await runOrt(outPath)).toEqual(await runOrt(source));
  });
});
