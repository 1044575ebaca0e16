import { readFileSync } from 'node:fs';
import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { modelInspectionSchema } from '@pipeline/kinds';
import { readModel } from '@pipeline/onnx';
import { inspectModel } from '@pipeline/stage-inspect';
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
      expect(inspection.parameters.initializers.tensors + inspection.parameters.constants.tensors).toBe(stored.tensors);
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
