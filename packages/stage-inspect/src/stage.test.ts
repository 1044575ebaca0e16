import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStageFiles } from '@pipeline/core';
import { GateFailedError } from '@pipeline/errors';
import { modelInspectionSchema, onnxModelMetaSchema } from '@pipeline/kinds';
import { createGraph, createModel, createNode, readModel, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { MODEL_CARD_SECTIONS } from '@pipeline/model-card';
import { inspectModel } from '@pipeline/inspect';
import { inspectParams, inspectStage } from '@pipeline/stage-inspect';
import { ocrModels } from '../../../test/support/test-models.js';

const root = mkdtempSync(join(tmpdir(), 'inspect-stage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the stage's `run` in-process with a context of plain stubs. */
async function runStage(modelPath: string, params: Record<string, unknown>) {
  const outDir = join(root, `out-${Math.random().toString(36).slice(2)}`);
  mkdirSync(outDir);
  const metrics: Record<string, number> = {};
  const noop = () => {};
  const result = await inspectStage.run({
    stageId: 'inspect',
    inputs: { model: { kind: 'onnx-model', digest: 'sha256:x', size: 0, path: modelPath, meta: {} as never } },
    params: inspectParams.parse(params),
    outDir,
    workDir: root,
    ...createStageFiles(outDir),
    exec: () => Promise.reject(new Error('inspect runs no subprocess')),
    startService: () => Promise.reject(new Error('inspect starts no service')),
    log: { debug: noop, info: noop, warn: noop, error: noop },
    progress: noop,
    signal: new AbortController().signal,
    tools: {},
    env: {},
    report: {
      metric: (name, value) => {
        metrics[name] = value;
      },
      gate: () => true,
      chart: noop,
      summary: noop,
    },
  });
  return { outDir, result, metrics };
}

describe('the inspect stage', () => {
  it('writes inspection.json, MODEL_CARD.md and passes the model through with its facts', async () => {
    const { outDir, result, metrics } = await runStage(ocrModels.cls, { tensorrt: '8.6' });
    const { inspection, model, card } = result.outputs;
    const json = modelInspectionSchema.parse(JSON.parse(readFileSync(join(outDir, inspection.path), 'utf8')));
    expect(json.lint.tensorrt).toBe('8.6');
    expect(onnxModelMetaSchema.parse(model.meta).inputs.map((i) => i.name)).toEqual(json.io.inputs.map((i) => i.name));
    expect(Buffer.compare(readFileSync(join(outDir, model.path)), readFileSync(ocrModels.cls))).toBe(0);
    const markdown = readFileSync(join(outDir, card.path), 'utf8');
    for (const section of MODEL_CARD_SECTIONS) expect(markdown).toContain(`<!-- section:${section} -->`);
    expect(markdown).toContain('TRT_DYNAMIC_SHAPE');
    expect(metrics.nodes).toBe(json.graph.nodeCount);
  });

  it('fails (exit 1) on lint errors by default, and records them when fail_on is never', async () => {
    const path = join(root, 'custom.onnx');
    const graph = createGraph({ inputs: [tensorValueInfo('x', 'float32', [1])], outputs: [tensorValueInfo('y', 'float32', [1])], nodes: [createNode('Plug', ['x'], ['y'], { domain: 'acme' })] });
    await writeModel(createModel(graph, { opsetImports: [{ domain: '', version: 17 }, { domain: 'acme', version: 1 }] }), path);
    const error = await runStage(path, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateFailedError);
    expect((error as GateFailedError).message).toMatch(/custom\.onnx.*TRT_CUSTOM_DOMAIN/);
    const { outDir, result } = await runStage(path, { fail_on: 'never' });
    expect(existsSync(join(outDir, result.outputs.inspection.path))).toBe(true);
  });

  it('passes external data through beside the model and reports each file at its measured size', async () => {
    const dir = join(root, 'external');
    mkdirSync(dir);
    // 24 bytes of weights, then 8 bytes no tensor reaches: the measured size (32) is what must be copied.
    writeFileSync(join(dir, 'w.bin'), new Uint8Array(32));
    const w = { ...tensorToProto('w', { dtype: 'float32', shape: [3, 2], data: new Float32Array(6) }) };
    w.data = { location: 'external', path: 'w.bin', file: join(dir, 'w.bin'), offset: 0, length: 24, checksum: undefined };
    const graph = createGraph({ inputs: [tensorValueInfo('x', 'float32', [1, 3])], outputs: [tensorValueInfo('y', 'float32', [1, 2])], initializers: [w], nodes: [createNode('MatMul', ['x', 'w'], ['y'])] });
    await writeModel(createModel(graph), join(dir, 'ext.onnx'));
    const { outDir, result } = await runStage(join(dir, 'ext.onnx'), { fail_on: 'never' });
    const json = modelInspectionSchema.parse(JSON.parse(readFileSync(join(outDir, result.outputs.inspection.path), 'utf8')));
    expect(json.externalData).toEqual({ files: [{ path: 'w.bin', bytes: statSync(join(dir, 'w.bin')).size }], tensors: 1 });
    expect(json.model.fileSize).toBe(statSync(join(dir, 'ext.onnx')).size);
    expect(readFileSync(join(outDir, 'model', 'w.bin'))).toEqual(readFileSync(join(dir, 'w.bin')));
    expect(result.outputs.model.path).toBe(join('model', 'ext.onnx'));
    // Without measured sizes (inspection does no I/O) a file counts the bytes its tensors reach.
    const unmeasured = inspectModel(await readModel(join(dir, 'ext.onnx')), { file: 'ext.onnx', fileSize: 0, tensorrt: '10.x' });
    expect(unmeasured.externalData.files).toEqual([{ path: 'w.bin', bytes: 24 }]);
  });
});
