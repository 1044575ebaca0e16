import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeOnnxTestDataSet } from '@pipeline/data';
import { createGraph, createModel, createNode, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { openOnnxRuntime } from '@pipeline/runner-onnxruntime';
import { evaluateGate } from '@pipeline/sdk';
import type { Tensor } from '@pipeline/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accuracySection } from './model-card.js';
import { validateParamsSchema } from './params.js';
import { buildReport } from './report.js';
import { type ValidateInputs, validateModels } from './validate-models.js';

// A model whose answers are known without running it: y = 2x + 1.
async function writeAffineModel(file: string): Promise<void> {
  const graph = createGraph({
    inputs: [tensorValueInfo('x', 'float32', ['batch', 4])],
    outputs: [tensorValueInfo('y', 'float32', ['batch', 4])],
    initializers: [
      tensorToProto('two', { dtype: 'float32', shape: [], data: Float32Array.of(2) }),
      tensorToProto('one', { dtype: 'float32', shape: [], data: Float32Array.of(1) }),
    ],
    nodes: [createNode('Mul', ['x', 'two'], ['twice']), createNode('Add', ['twice', 'one'], ['y'])],
  });
  await writeModel(createModel(graph), file);
}

const x = (...values: number[]): Tensor => ({ dtype: 'float32', shape: [1, 4], data: Float32Array.from(values) });
/** y computed here from the model's definition, in float32 as the model computes it. */
const y = (input: Tensor): Tensor => ({ dtype: 'float32', shape: [...input.shape], data: (input.data as Float32Array).map((v) => 2 * v + 1) });

let dir: string;
let inputs: ValidateInputs;
const deps = { openRunner: openOnnxRuntime };
const params = validateParamsSchema.parse({ data: { onnx_test_data: {} }, tolerance: { atol: 1e-6, rtol: 1e-6 } });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'validate-expected-'));
  const model = path.join(dir, 'affine.onnx');
  await writeAffineModel(model);
  inputs = { reference: { name: 'affine.onnx', path: model, digest: 'sha256:a' }, candidate: { name: 'affine.onnx', path: model, digest: 'sha256:a', kind: 'onnx-model' } };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('validate with a data set that has expected outputs', () => {
  it('compares the reference with them in a separate section and gate, and passes when they hold', async () => {
    const good = path.join(dir, 'good');
    const samples = [x(0.5, -1, 2, 0.25), x(3, 0, -0.75, 1)];
    for (const [i, input] of samples.entries()) await writeOnnxTestDataSet(path.join(good, `test_data_set_${i}`), { x: input }, { y: y(input) });
    const result = await validateModels({ ...inputs, dataset: good }, params, deps);
    expect(result.expected?.samples).toBe(2);
    const [out] = result.expected?.outputs ?? [];
    expect(out?.name).toBe('y');
    expect(out?.failedSamples).toBe(0);
    expect(out?.statistics.max_abs_error?.max).toBe(0);
    const gate = result.gates.map(evaluateGate).find((g) => g.name === 'expected:y');
    expect(gate?.passed).toBe(true);
    const report = buildReport({ ...inputs, dataset: good }, result, result.gates.map(evaluateGate));
    expect(report.reference_vs_expected?.passed).toBe(true);
    expect(accuracySection(report)).toContain('### Reference vs expected outputs — passed');
  });

  it('fails the expected gate when one expected value is off, naming the sample and the output', async () => {
    const bad = path.join(dir, 'bad');
    const input = x(0.1, 0.9, -0.4, 0.3);
    const wrong = y(input);
    (wrong.data as Float32Array)[2]! += 0.01;
    await writeOnnxTestDataSet(path.join(bad, 'test_data_set_0'), { x: input }, { y: y(input) });
    await writeOnnxTestDataSet(path.join(bad, 'test_data_set_1'), { x: input }, { y: wrong });
    const result = await validateModels({ ...inputs, dataset: bad }, params, deps);
    const verdicts = result.gates.map(evaluateGate);
    // The candidate is the reference itself: only the data set disagrees.
    expect(verdicts.find((g) => g.name === 'tolerance:y')?.passed).toBe(true);
    const expected = verdicts.find((g) => g.name === 'expected:y');
    expect(expected?.passed).toBe(false);
    expect(expected?.message).toMatch(/^reference vs the data set's expected outputs: output 'y': 1 of 2 samples fail .*worst sample 'test_data_set_1'/);
    expect(result.expected?.outputs[0]?.statistics.max_abs_error?.max).toBeCloseTo(0.01, 6);
  });

  it('without expected outputs there is no such section and no such gate', async () => {
    const plain = path.join(dir, 'plain');
    await writeOnnxTestDataSet(path.join(plain, 'test_data_set_0'), { x: x(1, 2, 3, 4) });
    const result = await validateModels({ ...inputs, dataset: plain }, params, deps);
    expect(result.expected).toBeUndefined();
    expect(result.gates.map((g) => g.name)).toEqual(['tolerance:y']);
  });
});
