import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { modelInspectionSchema } from '@pipeline/kinds';
import { attribute, createGraph, createModel, createNode, readModel, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { inspectModel } from './index.js';
import { countOps, countStoredElements } from '../../../test/support/onnx-wire.js';
import { ocrModels, sileroModelPath } from '../../../test/support/test-models.js';

const models = { ...ocrModels, silero: sileroModelPath() };

describe('inspectModel on the real npm models', () => {
  for (const [label, path] of Object.entries(models)) {
    it(`${label}: IO, op histogram and parameters agree with independent readers`, async () => {
      const bytes = readFileSync(path);
      const inspection = inspectModel(await readModel(path), { file: path, fileSize: bytes.length, tensorrt: '10.x' });
      expect(modelInspectionSchema.parse(inspection)).toEqual(inspection);

      const session = await InferenceSession.create(path);
      expect(inspection.io.inputs.map((v) => v.name)).toEqual(session.inputNames);
      expect(inspection.io.outputs.map((v) => v.name)).toEqual(session.outputNames);
      for (const [i, meta] of session.inputMetadata.entries()) {
        if (!meta.isTensor) continue;
        // A dim ORT reports as a name or as unknown ('' / -1) is dynamic; a number is fixed.
        const dynamic = meta.shape.flatMap((d, axis) => (typeof d === 'number' && d >= 0 ? [] : [axis]));
        expect(inspection.io.inputs[i]?.dynamicAxes).toEqual(dynamic);
      }
      await session.release();

      const expectedOps = new Map([...countOps(bytes)].map(([k, n]) => [k.replace(/^::/, 'ai.onnx::'), n]));
      const actualOps = new Map(inspection.graph.ops.map((o) => [`${o.domain}::${o.opType}`, o.count]));
      expect(actualOps).toEqual(expectedOps);
      expect(inspection.graph.nodeCount).toBe([...expectedOps.values()].reduce((a, b) => a + b, 0));

      const stored = countStoredElements(bytes);
      expect(inspection.parameters.count).toBe(stored.elements);
      expect(inspection.parameters.initializers.tensors).toBe(stored.initializers);
      expect(inspection.parameters.constants.tensors).toBe(stored.constantNodes);
      expect(inspection.parameters.constants.count).toBe(stored.constantElements);
      // A Constant node holds one payload, so there are never more than there are Constant nodes.
      expect(inspection.parameters.constants.tensors).toBeLessThanOrEqual(expectedOps.get('ai.onnx::Constant') ?? 0);
      expect(inspection.model.fileSize).toBe(bytes.length);
    });
  }

  it('PaddleOCR stores its weights as Constant nodes, and they are counted', async () => {
    const inspection = inspectModel(await readModel(models.rec), { file: models.rec, fileSize: 0, tensorrt: '10.x' });
    expect(inspection.parameters.initializers.tensors).toBe(0);
    expect(inspection.parameters.constants.count).toBeGreaterThan(1_000_000);
    expect(inspection.io.batchDim.verdict).toBe('dynamic');
  });

  it('Silero VAD: If subgraphs are counted and flagged as control flow', async () => {
    const inspection = inspectModel(await readModel(models.silero), { file: models.silero, fileSize: 0, tensorrt: '8.6' });
    expect(inspection.graph.subgraphCount).toBeGreaterThan(0);
    expect(inspection.graph.maxSubgraphDepth).toBeGreaterThan(0);
    const codes = inspection.lint.findings.map((f) => f.code);
    expect(codes).toContain('TRT_CONTROL_FLOW');
    // The INT64 scalar input `sr`: 8.6 casts it down, which the finding must name.
    expect(inspection.lint.findings.find((f) => f.code === 'TRT_INT64')?.message).toContain('sr');
  });
});

describe('inspectModel parameters: Constant payloads of every form', () => {
  it('counts value_float(s)/value_int(s), not value_string(s) nor ConstantOfShape.value', async () => {
    const tensor = { name: 'w', dataType: 1, dtype: 'float32' as const, dims: [2, 3], docString: '', data: { location: 'fields' as const, values: [1, 2, 3, 4, 5, 6] } };
    const nodes = [
      createNode('Constant', [], ['c_tensor'], { attributes: [attribute('value', 'tensor', tensor)] }),
      createNode('Constant', [], ['c_float'], { attributes: [attribute('value_float', 'float', 0.5)] }),
      createNode('Constant', [], ['c_floats'], { attributes: [attribute('value_floats', 'floats', [1, 2, 3, 4])] }),
      createNode('Constant', [], ['c_int'], { attributes: [attribute('value_int', 'int', 7n)] }),
      createNode('Constant', [], ['c_ints'], { attributes: [attribute('value_ints', 'ints', [1n, 300n, 70000n])] }),
      createNode('Constant', [], ['c_string'], { attributes: [attribute('value_strings', 'strings', ['a', 'b'])] }),
      createNode('ConstantOfShape', ['c_ints'], ['filled'], { attributes: [attribute('value', 'tensor', { ...tensor, dims: [1], data: { location: 'fields', values: [0] } })] }),
    ];
    const model = createModel(
      createGraph({ nodes, inputs: [tensorValueInfo('x', 'float32', [1])], outputs: [tensorValueInfo('filled', 'float32', undefined)] }),
      { opsetImports: [{ domain: '', version: 17 }] },
    );
    const path = join(mkdtempSync(join(tmpdir(), 'inspect-constants-')), 'constants.onnx');
    await writeModel(model, path);
    const bytes = readFileSync(path);
    const { parameters } = inspectModel(await readModel(path), { file: path, fileSize: bytes.length, tensorrt: '10.x' });

    const stored = countStoredElements(bytes);
    // By hand: 6 + 1 + 4 + 1 + 3 elements in 5 Constant nodes; strings and ConstantOfShape are not parameters.
    expect(stored).toMatchObject({ constantNodes: 5, constantElements: 15, initializers: 0 });
    expect(parameters.constants).toEqual({ tensors: stored.constantNodes, count: stored.constantElements, bytes: 6 * 4 + 4 + 4 * 4 + 8 + 3 * 8 });
    expect(parameters.byDtype).toEqual({ float32: { count: 11, bytes: 44 }, int64: { count: 4, bytes: 32 } });
  });
});
