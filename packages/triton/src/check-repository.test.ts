import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ocrModels } from '../../../test/support/test-models.js';
import { checkModelRepository } from './check-repository.js';

let repo: string;
beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'check-repo-'));
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

const CLS_CONFIG = `name: "cls"
backend: "onnxruntime"
max_batch_size: 8
input [ { name: "x" data_type: TYPE_FP32 dims: [ 3, -1, -1 ] } ]
output [ { name: "softmax_0.tmp_0" data_type: TYPE_FP32 dims: [ 2 ] } ]
`;

async function clsModel(config: string | undefined, file = 'model.onnx', version = '1'): Promise<void> {
  await mkdir(join(repo, 'cls', version), { recursive: true });
  if (config !== undefined) await writeFile(join(repo, 'cls', 'config.pbtxt'), config);
  await copyFile(ocrModels.cls, join(repo, 'cls', version, file));
}
const errors = async (options = {}) => (await checkModelRepository(repo, options)).diagnostics.filter((d) => d.severity === 'error');

describe('checkModelRepository', () => {
  it('accepts a correct repository', async () => {
    await clsModel(CLS_CONFIG);
    expect(await errors()).toEqual([]);
  });

  it('refuses a model without a version folder, with Triton’s reason', async () => {
    await mkdir(join(repo, 'cls'), { recursive: true });
    await writeFile(join(repo, 'cls', 'config.pbtxt'), CLS_CONFIG);
    expect((await errors()).map((d) => d.message)).toEqual(["at least one version must be available under the version policy of model 'cls'"]);
  });

  it('refuses a model file of the wrong kind for the platform', async () => {
    await clsModel(CLS_CONFIG, 'model.plan');
    expect((await errors()).map((d) => d.code)).toEqual(['E_TRITON_MODEL_FILE_KIND']);
    await rm(join(repo, 'cls'), { recursive: true });
    await clsModel(CLS_CONFIG.replace('backend: "onnxruntime"', 'platform: "tensorrt_plan"'), 'model.plan');
    const [problem] = await errors();
    expect(problem?.code).toBe('E_TRITON_MODEL_FILE_KIND');
    expect(problem?.message).toContain('is not a TensorRT engine');
  });

  it('refuses a model.onnx that is not an ONNX model (empty, text, or a folder without model.onnx inside)', async () => {
    // The same repository with the real model is accepted (first test); only the file's content differs here.
    const modelPath = join(repo, 'cls', '1', 'model.onnx');
    await clsModel(CLS_CONFIG);
    await writeFile(modelPath, '');
    expect((await errors()).map((d) => [d.code, d.message.startsWith(modelPath)])).toEqual([['E_TRITON_MODEL_FILE_INVALID', true]]);
    await writeFile(modelPath, 'name: "not a model"\n');
    expect((await errors()).map((d) => d.code)).toEqual(['E_TRITON_MODEL_FILE_INVALID']);
    // Triton's ONNX Runtime backend also takes a folder model.onnx/ holding model.onnx (external data beside it).
    await rm(modelPath);
    await mkdir(modelPath);
    expect((await errors()).map((d) => d.code)).toEqual(['E_TRITON_MODEL_FILE_INVALID']);
    await copyFile(ocrModels.cls, join(modelPath, 'model.onnx'));
    expect(await errors()).toEqual([]);
    // ... and the folder's model is checked against the config like a plain file.
    await writeFile(join(repo, 'cls', 'config.pbtxt'), CLS_CONFIG.replace('dims: [ 3, -1, -1 ]', 'dims: [ 1, 3, -1, -1 ]'));
    expect((await errors()).map((d) => d.code)).toEqual(['E_TRITON_ONNX_SHAPE']);
  });

  it('refuses an unknown field at file:line:col with Triton’s reason', async () => {
    await clsModel(CLS_CONFIG.replace('max_batch_size: 8', 'max_batch_size: 8\nbatch_size: 8'));
    expect(await errors()).toEqual([
      expect.objectContaining({
        code: 'E_PBTXT_SYNTAX',
        message: 'Message type "inference.ModelConfig" has no field named "batch_size".',
        loc: { file: join(repo, 'cls', 'config.pbtxt'), line: 4, column: 1 },
      }),
    ]);
  });

  it('refuses config dims that include the batch dim, as the ONNX Runtime backend would', async () => {
    await clsModel(CLS_CONFIG.replace('dims: [ 3, -1, -1 ]', 'dims: [ 1, 3, -1, -1 ]'));
    expect((await errors()).map((d) => d.code)).toEqual(['E_TRITON_ONNX_SHAPE']);
  });

  it('--complete: a model without config.pbtxt gets what Triton’s auto-complete fills in', async () => {
    await clsModel(undefined);
    expect((await errors()).map((d) => d.code)).toEqual(['E_TRITON_NO_CONFIG']);
    const check = await checkModelRepository(repo, { complete: true });
    expect(check.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(check.configs.get('cls')).toMatchObject({
      name: 'cls',
      platform: 'onnxruntime_onnx',
      max_batch_size: 4,
      dynamic_batching: { preferred_batch_size: [4] },
      input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [3, -1, -1] }],
    });
  });
});
