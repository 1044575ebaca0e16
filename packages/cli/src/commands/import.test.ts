import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { trtexecReportSchema } from '@pipeline/tensorrt';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { cliIn, scratchDir } from '../testing/cli-harness.testing.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.resolve(repoRoot, 'test/fixtures/recorded/trtexec');
const cwd = scratchDir('cli-import-');

const cli = cliIn(cwd);
const fixture = (f: string) => path.join(fixtures, f);

describe('pipeline import trtexec', () => {
  it('prints trtexec’s summary for a passed run', async () => {
    const log = fixture('trt10.16-mnist-onnx-build-and-benchmark-default-success.log');
    const { code, stdout } = await cli('import', 'trtexec', log);
    expect(code).toBe(0);
    expect(stdout).toContain('trtexec PASSED — TensorRT 10.16.1');
    expect(stdout).toContain(/\[I\] (GPU Compute Time: .*)$/m.exec(readFileSync(log, 'utf8'))?.[1]);
  });
  it('imports a FAILED log with exit 0, passed: false and the failure class', async () => {
    const { code, stdout } = await cli('import', 'trtexec', fixture('trt10.0.1-loadEngine-incompatible-plan-FAILED.excerpt.log'), '--json');
    expect(code).toBe(0);
    const report = trtexecReportSchema.parse(JSON.parse(stdout));
    expect(report).toMatchObject({ passed: false, tensorrtVersion: '10.0.1', failure: { class: 'incompatible-plan' } });
  });
  it('joins the export files and writes --out', async () => {
    const { code, stdout } = await cli(
      'import', 'trtexec', fixture('trt8.6.1-yolov8-loadEngine-dynamic-shapes-benchmark-success.excerpt.log'),
      '--times', fixture('trex-resnet50-a100-fp16-exportTimes.json'),
      '--profile', fixture('trex-resnet50-a100-fp16-exportProfile.json'),
      '--layers', fixture('trex-resnet50-a100-fp16-exportLayerInfo-detailed.json'),
      '--out', 'report.json',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('wrote report.json');
    const report = trtexecReportSchema.parse(JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')));
    expect(report.layerProfile?.source).toBe('exportProfile');
    expect(report.layerProfile?.layers.every((l) => l.type !== undefined)).toBe(true);
    expect(report.timesStats?.records).toBeGreaterThan(1000);
  });
  it('exits 2 for a file that is not a trtexec log, or is missing', async () => {
    const notTrtexec = await cli('import', 'trtexec', fixture('polygraphy0.49-trt10.16-run-onnxrt-vs-trt-dynamic-shapes-pass.log'));
    expect(notTrtexec.code).toBe(2);
    expect(notTrtexec.stderr).toContain('not a trtexec log');
    const missing = await cli('import', 'trtexec', 'nope.log');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.log');
    const badExport = await cli('import', 'trtexec', fixture('article-trt8-performance-summary.log'), '--profile', fixture('trt8.6.1-help-no-args.txt'));
    expect(badExport.code).toBe(2);
    expect(badExport.stderr).toContain('trt8.6.1-help-no-args.txt');
    expect((await cli('import', 'perf-analyzer', 'x')).code).toBe(2);
  });
  it('exits 2 for trtexec help text, which is not a run', async () => {
    for (const name of ['trt10.16-help.txt', 'trt8.6.1-help-no-args.txt']) {
      const help = await cli('import', 'trtexec', fixture(name));
      expect(help.code).toBe(2);
      expect(help.stderr).toContain('E_IMPORT_HELP_TEXT');
    }
  });
});

/** What a log says, read by simple regexes over its text (not by @pipeline/tensorrt). */
function expectedFromLog(text: string) {
  const line = (label: string) => new RegExp(`\\[I\\] ${label}: (min = .*)$`, 'm').exec(text)?.[1] ?? '';
  const stats = (body: string) => {
    const ms = (name: string) => Number(new RegExp(`${name} = (\\S+) ms`).exec(body)?.[1]);
    const percentiles = [...body.matchAll(/percentile\(([\d.]+)%\) = (\S+) ms/g)].map((m) => ({ percentile: Number(m[1]), ms: Number(m[2]) }));
    const at = (p: number) => percentiles.find((x) => x.percentile === p)?.ms;
    const others = percentiles.filter((x) => ![90, 95, 99].includes(x.percentile));
    return { min_ms: ms('min'), max_ms: ms('max'), mean_ms: ms('mean'), median_ms: ms('median'), p90_ms: at(90), p95_ms: at(95), p99_ms: at(99), ...(others.length ? { other_percentiles: others } : {}) };
  };
  const tag = /\[TensorRT v(\d+)\]/.exec(text)?.[1];
  const n = Number(tag);
  const fromTag = tag === undefined ? undefined : tag.length <= 4 ? `${Math.floor(n / 1000)}.${Math.floor(n / 100) % 10}.${n % 100}` : `${Math.floor(n / 10000)}.${Math.floor(n / 100) % 100}.${n % 100}`;
  const queries = /Timing trace has (\d+) queries/.exec(text)?.[1];
  const cov = /coefficient of variance = ([\d.]+)%/.exec(text)?.[1];
  return {
    version: /TensorRT version: (\S+)/.exec(text)?.[1] ?? fromTag ?? 'unknown',
    gpu: /Selected Device: (.+)$/m.exec(text)?.[1]?.trim(),
    qps: Number(/Throughput: (\S+) qps/.exec(text)?.[1]),
    timedRuns: queries === undefined ? undefined : Number(queries),
    cov: cov === undefined ? undefined : Number(cov),
    latency: stats(line('Latency')),
    gpuCompute: stats(line('GPU Compute Time')),
  };
}

describe('pipeline import trtexec --benchmark-report', () => {
  const committedSchema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/benchmark-report.schema.json'), 'utf8'));
  const validateJsonSchema = new Ajv2020({ strict: false, allowUnionTypes: true }).compile(committedSchema);
  const logs = readdirSync(fixtures).filter((f) => f.endsWith('.log'));
  const withSummary = logs.filter((f) => /=== Performance summary ===/.test(readFileSync(fixture(f), 'utf8')) && /Throughput: \S+ qps/.test(readFileSync(fixture(f), 'utf8')));

  it('finds logs with and without a performance summary among the fixtures', () => {
    expect(withSummary.length).toBeGreaterThanOrEqual(4);
    expect(withSummary.length).toBeLessThan(logs.length);
  });

  it.each(withSummary)('writes a valid, imported benchmark-report of %s with the log’s figures', async (name) => {
    const text = readFileSync(fixture(name), 'utf8');
    const out = `${name}.benchmark.json`;
    const { code, stdout } = await cli('import', 'trtexec', fixture(name), '--benchmark-report', out);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${out}`);
    const written = JSON.parse(readFileSync(path.join(cwd, out), 'utf8'));
    expect(validateJsonSchema(written), JSON.stringify(validateJsonSchema.errors)).toBe(true);
    const report = benchmarkReportSchema.parse(written);
    const want = expectedFromLog(text);
    expect(report.source).toBe('trtexec');
    expect(report.settings).toMatchObject({ imported: true, source_log: fixture(name) });
    expect(report.runner).toMatchObject({ backend: 'tensorrt', version: want.version });
    expect(report.environment.gpu).toBe(want.gpu);
    const [result] = report.results;
    // None of the recorded logs uses --batch: the log alone cannot say what a sample is.
    expect(result?.throughput.inferences_per_s).toBe(want.qps);
    expect(result?.throughput.samples_per_s).toBeNull();
    expect(result?.batch).toBeNull();
    if (want.timedRuns !== undefined) expect(result?.timed_runs).toBe(want.timedRuns);
    expect(result?.latency).toEqual(JSON.parse(JSON.stringify(want.latency)));
    if (result?.components?.gpu_compute) {
      const { cov_pct, ...gpu } = result.components.gpu_compute;
      expect(gpu).toEqual(JSON.parse(JSON.stringify(want.gpuCompute)));
      expect(cov_pct).toBe(want.cov);
    }
  });

  it('writes the trtexec-report, then exits 2 without a benchmark-report, for a log without a performance summary', async () => {
    const name = 'trt10.16-mnist-skipInference-profilingVerbosity-detailed-dumpLayerInfo-success.log';
    const { code, stdout, stderr } = await cli('import', 'trtexec', fixture(name), '--benchmark-report', 'none.json', '--out', 'build-only.json');
    expect(code).toBe(2);
    expect(stderr).toContain('E_IMPORT_NO_PERFORMANCE');
    // The hint names where the trtexec-report is, and it is there.
    expect(stderr).toContain('build-only.json');
    expect(existsSync(path.join(cwd, 'none.json'))).toBe(false);
    const report = trtexecReportSchema.parse(JSON.parse(readFileSync(path.join(cwd, 'build-only.json'), 'utf8')));
    expect(report).toMatchObject({ passed: true, tensorrtVersion: '10.16.1' });
    expect(report.performance).toBeUndefined();
    expect(stdout).toContain('trtexec PASSED');
    expect(stdout).toContain('wrote build-only.json');
    expect(stdout).not.toContain('none.json');
    // With --json the report is still on stdout, whole.
    const json = await cli('import', 'trtexec', fixture(name), '--benchmark-report', 'none.json', '--json');
    expect(json.code).toBe(2);
    expect(trtexecReportSchema.parse(JSON.parse(json.stdout)).passed).toBe(true);
  });
});
