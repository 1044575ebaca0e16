import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { attribute, createGraph, createModel, createNode, readModel, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { ocrModels, sileroModelPath } from '../../../test/support/test-models.js';

const dir = mkdtempSync(join(tmpdir(), 'onnx-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A deterministic pseudo-random fill, so both sessions see the same input. */
function fill(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return out;
}

async function runOnce(path: string, feeds: Record<string, OrtTensor>): Promise<Record<string, number[]>> {
  const session = await InferenceSession.create(path);
  const results = await session.run(feeds);
  await session.release();
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Array.from(v.data as Float32Array)]));
}

describe('writeModel: read → write round trips through ONNX Runtime', () => {
  const cases = {
    cls: { path: ocrModels.cls, feeds: () => ({ x: new OrtTensor('float32', fill(3 * 48 * 192, 1), [1, 3, 48, 192]) }) },
    silero: {
      path: sileroModelPath(),
      feeds: () => ({
        input: new OrtTensor('float32', fill(512, 2), [1, 512]),
        state: new OrtTensor('float32', fill(256, 3), [2, 1, 128]),
        sr: new OrtTensor('int64', BigInt64Array.from([16000n]), []),
      }),
    },
  };
  for (const [label, { path, feeds }] of Object.entries(cases)) {
    for (const loadWeights of [true, false]) {
      it(`${label} (loadWeights: ${loadWeights}) gives the same outputs`, async () => {
        const model = await readModel(path, { loadWeights });
        const out = join(dir, `${label}-${loadWeights}.onnx`);
        await writeModel(model, out);
        const [before, after] = [await runOnce(path, feeds()), await runOnce(out, feeds())];
        expect(Object.keys(after)).toEqual(Object.keys(before));
        expect(after).toEqual(before);
        // And reading what we wrote gives back the same object model.
        const again = await readModel(out, { loadWeights: true });
        expect(again.graph.nodes.length).toBe(model.graph.nodes.length);
      });
    }
  }
});

describe('writeModel: models built in code', () => {
  it('a graph with an external-data initializer, symbolic dims and an INT64_MAX attribute runs in ONNX Runtime', async () => {
    const weights = Float32Array.from([1, 2, 3, 4, 5, 6]);
    writeFileSync(join(dir, 'w.bin'), new Uint8Array(weights.buffer));
    const w = { ...tensorToProto('w', { dtype: 'float32', shape: [3, 2], data: weights }) };
    w.data = { location: 'external', path: 'w.bin', file: join(dir, 'w.bin'), offset: 0, length: 24, checksum: undefined };
    const graph = createGraph({
      inputs: [tensorValueInfo('x', 'float32', ['batch', 3])],
      outputs: [tensorValueInfo('z', 'float32', ['batch', null])],
      initializers: [
        w,
        tensorToProto('starts', { dtype: 'int64', shape: [1], data: BigInt64Array.from([0n]) }),
        tensorToProto('ends', { dtype: 'int64', shape: [1], data: BigInt64Array.from([9223372036854775807n]) }),
        tensorToProto('axes', { dtype: 'int64', shape: [1], data: BigInt64Array.from([1n]) }),
      ],
      nodes: [
        createNode('MatMul', ['x', 'w'], ['y']),
        createNode('Slice', ['y', 'starts', 'ends', 'axes'], ['s']),
        createNode('Flatten', ['s'], ['z'], { attributes: [attribute('axis', 'int', 1n)] }),
      ],
    });
    const path = join(dir, 'built.onnx');
    await writeModel(createModel(graph), path);
    const x = Float32Array.from([1, 0, 0, 0, 1, 1]);
    const result = await runOnce(path, { x: new OrtTensor('float32', x, [2, 3]) });
    // x @ w by hand: row [1,0,0] → [1,2]; row [0,1,1] → [3+5, 4+6].
    expect(result.z).toEqual([1, 2, 8, 10]);
    const back = await readModel(path);
    expect(back.graph.inputs[0]?.type).toEqual({ kind: 'tensor', elemType: 1, dtype: 'float32', shape: ['batch', 3] });
    expect(back.graph.outputs[0]?.type).toMatchObject({ shape: ['batch', null] });
    expect(back.graph.initializers[0]?.data).toMatchObject({ location: 'external', path: 'w.bin', length: 24 });
  });
});
