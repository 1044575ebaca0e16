import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStageFiles } from '@pipeline/core';
import { InvalidInputError } from '@pipeline/errors';
import { tritonModelRepositoryMetaSchema } from '@pipeline/kinds';
import { onnxModelMeta } from '@pipeline/kinds/onnx-model-meta';
import { readModel } from '@pipeline/onnx';
import { readRepositoryManifest } from '@pipeline/triton';
import { parseModelConfig, readModelRepository } from '@pipeline/triton-config';
import { ocrModels, repoRoot } from '../../../test/support/test-models.js';
import { packageTritonParams } from './ports.js';
import { packageTritonStage } from './stage.js';

const root = mkdtempSync(join(tmpdir(), 'package-triton-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function onnxArtifact(path: string) {
  const meta = onnxModelMeta(await readModel(path), statSync(path).size);
  return { kind: 'onnx-model', digest: `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`, size: meta.fileSize, path, meta };
}

async function runStage(inputs: Record<string, unknown>, params: Record<string, unknown>) {
  const outDir = join(root, `out-${Math.random().toString(36).slice(2)}`);
  mkdirSync(outDir);
  const noop = () => {};
  const result = await packageTritonStage.run({
    stageId: 'package',
    inputs: inputs as never,
    params: packageTritonParams.parse(params),
    outDir,
    workDir: root,
    ...createStageFiles(outDir),
    exec: () => Promise.reject(new Error('package/triton runs no subprocess')),
    startService: () => Promise.reject(new Error('package/triton starts no service')),
    log: { debug: noop, info: noop, warn: noop, error: noop },
    progress: noop,
    signal: new AbortController().signal,
    tools: {},
    env: {},
    report: { metric: noop, gate: () => true, chart: noop, summary: noop },
  });
  return { repo: join(outDir, 'model_repository'), result };
}

describe('package/triton', () => {
  it('packages the PP-OCR cls model: config from its metadata, model file, README, manifest with digests', async () => {
    const model = await onnxArtifact(ocrModels.cls);
    const { repo, result } = await runStage({ model }, { name: 'cls', instance_group: [{ kind: 'KIND_CPU', count: 2 }] });
    expect(tritonModelRepositoryMetaSchema.parse(result.outputs.repository.meta)).toMatchObject({ entry: 'cls', models: [{ name: 'cls', max_batch_size: 4 }] });
    const { config } = parseModelConfig(readFileSync(join(repo, 'cls', 'config.pbtxt'), 'utf8'));
    // The batch dim is dynamic on every input and output, so it leaves dims; the rest is the model's shape.
    const dims = (shape: unknown[]) => shape.slice(1).map((d) => (typeof d === 'number' ? d : -1));
    expect(config).toEqual({
      name: 'cls',
      backend: 'onnxruntime',
      max_batch_size: 4,
      input: model.meta.inputs.map((i) => ({ name: i.name, data_type: 'TYPE_FP32', dims: dims(i.shape ?? []) })),
      output: model.meta.outputs.map((o) => ({ name: o.name, data_type: 'TYPE_FP32', dims: dims(o.shape ?? []) })),
      dynamic_batching: {},
      instance_group: [{ kind: 'KIND_CPU', count: 2 }],
    });
    expect(readFileSync(join(repo, 'cls', '1', 'model.onnx')).equals(readFileSync(ocrModels.cls))).toBe(true);
    expect(readFileSync(join(repo, 'cls', 'README.md'), 'utf8')).toContain('| `x` | input | TYPE_FP32 |');
    const manifest = await readRepositoryManifest(repo);
    expect(manifest?.files.map((f) => f.path)).toEqual(['cls/1/model.onnx', 'cls/README.md', 'cls/config.pbtxt']);
    for (const f of manifest?.files ?? []) expect(f.sha256).toBe(createHash('sha256').update(readFileSync(join(repo, f.path))).digest('hex'));
  });

  it('chains preprocess → det → postprocess as an ensemble with correct maps and a version folder without a model file', async () => {
    const data = join(repoRoot, 'pipelines/data/det-ensemble');
    const { repo, result } = await runStage(
      {
        model: await onnxArtifact(ocrModels.det),
        preprocess: await onnxArtifact(join(data, 'preprocess.onnx')),
        postprocess: await onnxArtifact(join(data, 'postprocess.onnx')),
      },
      { name: 'det', ensemble: 'det_ensemble' },
    );
    expect(result.outputs.repository.meta.entry).toBe('det_ensemble');
    const read = await readModelRepository(repo);
    expect(read.models.map((m) => m.name)).toEqual(['det', 'det_ensemble', 'det_postprocess', 'det_preprocess']);
    const ensemble = read.models.find((m) => m.name === 'det_ensemble');
    expect(readdirSync(join(repo, 'det_ensemble', '1'))).toEqual(['.gitkeep']);
    expect(ensemble?.config?.ensemble_scheduling?.step).toEqual([
      { model_name: 'det_preprocess', model_version: -1, input_map: { image: 'image' }, output_map: { x: 'x' } },
      { model_name: 'det', model_version: -1, input_map: { x: 'x' }, output_map: { 'sigmoid_0.tmp_0': 'sigmoid_0.tmp_0' } },
      { model_name: 'det_postprocess', model_version: -1, input_map: { 'sigmoid_0.tmp_0': 'sigmoid_0.tmp_0' }, output_map: { mask: 'mask' } },
    ]);
    expect(ensemble?.config).toMatchObject({ platform: 'ensemble', max_batch_size: 4, input: [{ name: 'image', data_type: 'TYPE_UINT8', dims: [-1, -1, 3] }] });
  });

  it('refuses to produce a repository its own validator rejects', async () => {
    const model = await onnxArtifact(ocrModels.cls);
    await expect(runStage({ model }, { name: 'cls', dynamic_batching: { preferred_batch_size: [4] } })).resolves.toBeDefined();
    const refused = runStage({ model }, { name: 'cls', dynamic_batching: { preferred_batch_size: [16] } });
    await expect(refused).rejects.toThrow(InvalidInputError);
    await expect(refused).rejects.toThrow('dynamic batching preferred size must be <= max batch size for cls');
  });

  it('refuses a name that is not one folder, and two model inputs', async () => {
    expect(() => packageTritonParams.parse({ name: 'cls' })).not.toThrow();
    expect(() => packageTritonParams.parse({ name: '../cls' })).toThrow('single folder name');
    const model = await onnxArtifact(ocrModels.cls);
    await expect(runStage({ model, engine: { ...model, kind: 'tensorrt-engine' } }, { name: 'cls' })).rejects.toThrow('exactly one of');
  });

  it('packages a TensorRT engine from its facts, bounded by its profiles', async () => {
    const planPath = join(root, 'model.plan');
    // A plan file's header ("ftrt" tag) is all the repository check reads of it.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(planPath, Buffer.concat([Buffer.from('ftrt'), Buffer.alloc(60)]));
    const engine = {
      kind: 'tensorrt-engine',
      digest: 'sha256:e',
      size: 64,
      path: planPath,
      meta: {
        tensors: [
          { name: 'x', mode: 'input', dtype: 'kHALF', shape: [-1, 3, 48, 192] },
          { name: 'y', mode: 'output', dtype: 'kHALF', shape: [-1, 2] },
        ],
        profiles: [{ shapes: { x: { min: [1, 3, 48, 192], opt: [8, 3, 48, 192], max: [16, 3, 48, 192] } } }],
      },
    };
    const { repo } = await runStage({ engine }, { name: 'cls_trt' });
    expect(parseModelConfig(readFileSync(join(repo, 'cls_trt', 'config.pbtxt'), 'utf8')).config).toMatchObject({
      platform: 'tensorrt_plan',
      max_batch_size: 16,
      input: [{ name: 'x', data_type: 'TYPE_FP16', dims: [3, 48, 192] }],
    });
    expect(existsSync(join(repo, 'cls_trt', '1', 'model.plan'))).toBe(true);
    await expect(runStage({ engine }, { name: 'cls_trt', max_batch_size: 32 })).rejects.toThrow('above what the engine');
    // The same facts as convert/tensorrt records them (meta.build: ONNX dtypes, symbolic dims, profiles per input).
    const built = {
      ...engine,
      meta: {
        build: {
          tensorrtVersion: '10.3.0',
          runner: 'local',
          precision: 'fp16',
          sizeBytes: 64,
          command: 'trtexec',
          profiles: [{ x: { min: [1, 3, 48, 192], opt: [8, 3, 48, 192], max: [16, 3, 48, 192] } }],
          bindings: [
            { name: 'x', direction: 'input', dtype: 'float32', shape: ['batch', 3, 48, 192] },
            { name: 'y', direction: 'output', dtype: 'float32', shape: ['batch', 2] },
          ],
        },
      },
    };
    const fromBuild = await runStage({ engine: built }, { name: 'cls_trt' });
    expect(parseModelConfig(readFileSync(join(fromBuild.repo, 'cls_trt', 'config.pbtxt'), 'utf8')).config).toMatchObject({
      max_batch_size: 16,
      input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [3, 48, 192] }],
      output: [{ name: 'y', data_type: 'TYPE_FP32', dims: [2] }],
    });
  });
});
