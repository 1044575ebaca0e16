import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { onnxModelKind, onnxModelMetaSchema, ortOnlyOnnxModelKind } from '@pipeline/kinds';
import { createGraph, createModel, createNode, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { InvalidInputError } from '@pipeline/errors';
import { ocrModels, sileroModelPath } from '../../../test/support/test-models.js';

const dir = mkdtempSync(join(tmpdir(), 'kinds-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ingest = (path: string) => {
  if (!onnxModelKind.ingest) throw new Error('onnx-model has no ingest');
  return onnxModelKind.ingest(path, { baseDir: dir });
};

describe('onnx-model kind', () => {
  it('ingests a real model into meta that its schema accepts, IO as ONNX Runtime sees it', async () => {
    const meta = await ingest(ocrModels.rec);
    expect(onnxModelMetaSchema.parse(meta)).toEqual(meta);
    const session = await InferenceSession.create(ocrModels.rec);
    expect(meta.inputs.map((i) => i.name)).toEqual(session.inputNames);
    expect(meta.outputs.map((o) => o.name)).toEqual(session.outputNames);
    await session.release();
    // Every leading dim of the PaddleOCR IO is a dim_param (p2o.DynamicDimension.N), as ORT also reports.
    expect(meta.batchDim.verdict).toBe('dynamic');
    expect(onnxModelKind.refine?.(meta)).toBeUndefined();
  });

  it('says Silero VAD has no batch dim (its sr input is a scalar)', async () => {
    const meta = await ingest(sileroModelPath());
    expect(meta.batchDim.verdict).toBe('absent');
    expect(meta.batchDim.reason).toContain('scalar');
  });

  it('refines a model with com.microsoft ops to onnx-model/ort-only', async () => {
    const graph = createGraph({
      inputs: [tensorValueInfo('x', 'float32', [1, 4])],
      outputs: [tensorValueInfo('y', 'float32', [1, 4])],
      nodes: [createNode('FastGelu', ['x'], ['y'], { domain: 'com.microsoft' })],
    });
    const path = join(dir, 'ort-only.onnx');
    await writeModel(createModel(graph, { opsetImports: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }] }), path);
    const meta = await ingest(path);
    expect(meta.domains).toEqual(['com.microsoft']);
    expect(meta.batchDim).toMatchObject({ verdict: 'static', size: 1 });
    expect(onnxModelKind.refine?.(meta)).toBe(ortOnlyOnnxModelKind);
  });

  it('rejects a file that is not ONNX with InvalidInputError naming it', async () => {
    const path = join(dir, 'readme.onnx');
    writeFileSync(path, '# not a model\n');
    const error = await ingest(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain('readme.onnx');
  });
});
