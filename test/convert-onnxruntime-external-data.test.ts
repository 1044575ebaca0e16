import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileHasher, loadPipeline, runPlan, StageRegistry } from '@pipeline/core';
import { attribute, createGraph, createModel, createNode, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { plugin as convertPlugin } from '@pipeline/stage-convert-onnxruntime';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// convert/onnxruntime on a model whose weights sit in a side file: every precision and optimisation
// level must store a model that needs only what its own folder holds (the store refuses the rest).

const K = 64;
const N = 48;
const w = Float32Array.from({ length: K * N }, (_, i) => Math.sin(i * 0.37));
const b = Float32Array.from({ length: N }, (_, i) => i / N - 0.5);
const idx = BigInt64Array.from({ length: N }, (_, i) => BigInt(N - 1 - i));
const x = Float32Array.from({ length: K }, (_, i) => Math.cos(i * 0.11));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'convert-external-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `y = Gather(x @ w + b, idx, axis=1)` with w, b and the int64 idx in `weights/mm.bin`, as an exporter packs them. */
async function writeExternalModel(): Promise<string> {
  await mkdir(path.join(dir, 'weights'), { recursive: true });
  const parts = [w, b, idx].map((a) => new Uint8Array(a.buffer));
  const file = path.join(dir, 'weights', 'mm.bin');
  await writeFile(file, Buffer.concat(parts));
  const protos = [
    tensorToProto('w', { dtype: 'float32', shape: [K, N], data: w }),
    tensorToProto('b', { dtype: 'float32', shape: [N], data: b }),
    tensorToProto('idx', { dtype: 'int64', shape: [N], data: idx }),
  ];
  let offset = 0;
  protos.forEach((proto, i) => {
    const length = parts[i]!.byteLength;
    proto.data = { location: 'external', path: 'weights/mm.bin', file, offset, length, checksum: undefined };
    offset += length;
  });
  const graph = createGraph({
    inputs: [tensorValueInfo('x', 'float32', [1, K])],
    outputs: [tensorValueInfo('y', 'float32', [1, N])],
    initializers: protos,
    nodes: [createNode('MatMul', ['x', 'w'], ['xw']), createNode('Add', ['xw', 'b'], ['s']), createNode('Gather', ['s', 'idx'], ['y'], { attributes: [attribute('axis', 'int', 1n)] })],
  });
  const model = path.join(dir, 'mm.onnx');
  await writeModel(createModel(graph, { opsetImports: [{ domain: '', version: 17 }] }), model);
  return model;
}

async function runOrt(model: string): Promise<number[]> {
  const session = await InferenceSession.create(model);
  const out = await session.run({ x: new OrtTensor('float32', x, [1, K]) });
  await session.release();
  return Array.from(out.y!.data as Float32Array);
}

const cases = {
  fp32: { precision: 'fp32', optimization: 'disabled', atol: 1e-5 },
  fp16: { precision: 'fp16', optimization: 'disabled', atol: 2e-2 },
  fp32_basic: { precision: 'fp32', optimization: 'basic', atol: 1e-5 },
  fp16_extended: { precision: 'fp16', optimization: 'extended', atol: 2e-2 },
} as const;

describe('convert/onnxruntime on a model with external data', () => {
  it('stores a self-contained model for fp32, fp16 and ORT optimisation, and ORT gives the input model its outputs', async () => {
    const model = await writeExternalModel();
    const reference = await runOrt(model);
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
      const outputs = await runOrt(stored.path);
      expect(outputs).toHaveLength(N);
      const worst = Math.max(...outputs.map((v, i) => Math.abs(v - reference[i]!)));
      expect({ id, close: worst <= c.atol }).toEqual({ id, close: true });
    }
  });
});
