import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attribute, createGraph, createModel, createNode, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';
import type { Runner } from '@pipeline/runner';
import { openOnnxRuntime } from '@pipeline/runner-onnxruntime';
import type { Tensor } from '@pipeline/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnxTestDataSource, writeOnnxTestDataSet } from './onnx-test-data.js';
import { randomSource } from './random-source.js';

// A model whose answers are known without running it: y = 2x + 1, top = argmax(y, axis 1).
async function writeAffineArgmaxModel(file: string): Promise<void> {
  const graph = createGraph({
    inputs: [tensorValueInfo('x', 'float32', ['batch', 4])],
    outputs: [tensorValueInfo('y', 'float32', ['batch', 4]), tensorValueInfo('top', 'int64', ['batch'])],
    initializers: [
      tensorToProto('two', { dtype: 'float32', shape: [], data: Float32Array.of(2) }),
      tensorToProto('one', { dtype: 'float32', shape: [], data: Float32Array.of(1) }),
    ],
    nodes: [
      createNode('Mul', ['x', 'two'], ['twice']),
      createNode('Add', ['twice', 'one'], ['y']),
      createNode('ArgMax', ['y'], ['top'], { attributes: [attribute('axis', 'int', 1n), attribute('keepdims', 'int', 0n)] }),
    ],
  });
  await writeModel(createModel(graph), file);
}

/** The expected outputs, computed here in JavaScript from the definition of the model. */
function expectedOutputs(x: Tensor): Record<string, Tensor> {
  const values = x.data as Float32Array;
  const y = values.map((v) => 2 * v + 1);
  const rows = x.shape[0]!;
  const top = new BigInt64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(y.subarray(r * 4, r * 4 + 4));
    top[r] = BigInt(row.indexOf(Math.max(...row)));
  }
  return { y: { dtype: 'float32', shape: [...x.shape], data: y }, top: { dtype: 'int64', shape: [rows], data: top } };
}

/** Max |a - b| over float outputs, and whether integer outputs are equal. */
function agree(got: Record<string, Tensor>, expected: Record<string, Tensor>, atol: number): boolean {
  return Object.entries(expected).every(([name, want]) => {
    const have = got[name];
    if (!have || have.dtype !== want.dtype || have.shape.join() !== want.shape.join()) return false;
    if (want.dtype === 'int64') return (have.data as BigInt64Array).every((v, i) => v === (want.data as BigInt64Array)[i]);
    return (have.data as Float32Array).every((v, i) => Math.abs(v - (want.data as Float32Array)[i]!) <= atol);
  });
}

describe('a data set with expected outputs validates a model end to end', () => {
  let dir: string;
  let runner: Runner;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'validate-e2e-'));
    await writeAffineArgmaxModel(path.join(dir, 'model.onnx'));
    runner = await openOnnxRuntime(path.join(dir, 'model.onnx'), { intraOpThreads: 1 });
  });
  afterAll(async () => {
    await runner.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes random inputs with hand-computed outputs, reads them back and the model matches them', async () => {
    const inputs = randomSource({ specs: runner.inputs, seed: 5, count: 3, batch: 2, ranges: { x: { min: -3, max: 3 } } });
    let n = 0;
    for await (const sample of inputs.samples()) {
      await writeOnnxTestDataSet(path.join(dir, 'good', `test_data_set_${n++}`), sample.feeds, expectedOutputs(sample.feeds.x!));
    }
    const verdicts: boolean[] = [];
    for await (const sample of onnxTestDataSource(path.join(dir, 'good')).samples()) {
      verdicts.push(agree(await runner.run(sample.feeds), sample.expected!, 1e-6));
    }
    expect(verdicts).toEqual([true, true, true]);
  });

  it('flags a data set whose expected outputs are off', async () => {
    const x: Tensor = { dtype: 'float32', shape: [1, 4], data: Float32Array.of(0.1, 0.9, -0.4, 0.3) };
    const wrong = expectedOutputs(x);
    (wrong.y!.data as Float32Array)[2]! += 0.01;
    await writeOnnxTestDataSet(path.join(dir, 'bad', 'test_data_set_0'), { x }, wrong);
    for await (const sample of onnxTestDataSource(path.join(dir, 'bad')).samples()) {
      expect(agree(await runner.run(sample.feeds), sample.expected!, 1e-3)).toBe(false);
    }
  });
});
