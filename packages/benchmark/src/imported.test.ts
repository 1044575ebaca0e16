import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchmarkReport, benchmarkReportSchema } from './report-schema.js';
import { describe, expect, it } from 'vitest';
import { type PrintedLatency, printedSummaryToResult } from './imported.js';
import { formatLatencyLine, formatPerformanceSummary } from './summary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const logPath = path.resolve(repoRoot, 'test/fixtures/recorded/trtexec/trt10.16-mnist-onnx-build-and-benchmark-default-success.log');

/** A small independent reader of trtexec's summary lines (the reference's regex), not @pipeline/tensorrt. */
function readSummary(text: string) {
  const body = (name: string) => new RegExp(`\\] \\[I\\] ${name}: (min = .*)$`, 'm').exec(text)?.[1] ?? '';
  const stats = (line: string): PrintedLatency => {
    const num = (label: string) => Number(new RegExp(`${label} = (\\S+) ms`).exec(line)?.[1]);
    const percentiles_ms: Record<string, number> = {};
    for (const m of line.matchAll(/percentile\(([\d.]+)%\) = (\S+) ms/g)) percentiles_ms[`p${m[1]}`] = Number(m[2]);
    return { min_ms: num('min'), max_ms: num('max'), mean_ms: num('mean'), median_ms: num('median'), percentiles_ms };
  };
  return {
    latencyText: body('Latency'),
    latency: stats(body('Latency')),
    gpu: stats(body('GPU Compute Time')),
    qps: Number(/Throughput: (\S+) qps/.exec(text)?.[1]),
    walltimeS: Number(/Total Host Walltime: (\S+) s/.exec(text)?.[1]),
    queries: Number(/Timing trace has (\d+) queries/.exec(text)?.[1]),
    cov: Number(/coefficient of variance = (\S+)%/.exec(text)?.[1]),
  };
}

describe('a trtexec summary in the benchmark-report shape', () => {
  const printed = readSummary(readFileSync(logPath, 'utf8'));

  it('carries the real H100 figures and prints the Latency line exactly as trtexec did', () => {
    const result = printedSummaryToResult({
      throughput_qps: printed.qps,
      walltime_ms: printed.walltimeS * 1000,
      timed_runs: printed.queries,
      latency: printed.latency,
      components: { gpu_compute: { ...printed.gpu, cov_pct: printed.cov } },
    });
    expect(result.latency.p99_ms).toBe(printed.latency.percentiles_ms?.p99);
    expect(result.latency.p90_ms).toBe(printed.latency.percentiles_ms?.p90);
    expect(result.components?.gpu_compute?.cov_pct).toBe(printed.cov);
    expect(result.throughput.inferences_per_s).toBe(printed.qps);
    expect(result.timed_runs).toBe(printed.queries);
    // Same numbers, same %g formatting: our line is trtexec's line.
    expect(formatLatencyLine(result.latency)).toBe(printed.latencyText);

    const report: BenchmarkReport = {
      schema_version: 1,
      source: 'trtexec',
      model: { name: 'model-trained.onnx' },
      runner: { backend: 'tensorrt', version: '10.16.1', execution_providers: ['cuda'] },
      environment: { gpu: 'NVIDIA H100 PCIe' },
      settings: {},
      percentile_method: 'trtexec-nearest-rank',
      results: [result],
      primary: 0,
      warnings: [],
    };
    expect(benchmarkReportSchema.parse(report)).toEqual(report);
    const text = formatPerformanceSummary(report);
    expect(text).toContain(`Throughput: ${/Throughput: (\S+) qps/.exec(readFileSync(logPath, 'utf8'))?.[1]} qps`);
    expect(text).toMatch(/^GPU Compute Time: min = /m);
  });

  it('keeps percentiles other than 90/95/99 in order', () => {
    const result = printedSummaryToResult({
      batch: 2,
      throughput_counts: 'samples',
      throughput_qps: 100,
      walltime_ms: 1000,
      latency: { min_ms: 1, max_ms: 5, mean_ms: 2, median_ms: 2, percentiles_ms: { 'p99.9': 4.5, p50: 2, p99: 4 } },
    });
    expect(result.latency.other_percentiles).toEqual([
      { percentile: 50, ms: 2 },
      { percentile: 99.9, ms: 4.5 },
    ]);
    expect(result.latency.p90_ms).toBeUndefined();
    // Under implicit batch (--batch=2) trtexec's qps already counts the batch: 100 samples/s are 50 requests/s of 2.
    expect(result.throughput).toEqual({ inferences_per_s: 50, samples_per_s: 100 });
    expect(result.timed_runs).toBe(50);
  });

  it('counts queries unless told otherwise, and multiplies by a batch it is given', () => {
    const latency = { min_ms: 1, max_ms: 5, mean_ms: 2, median_ms: 2 };
    expect(printedSummaryToResult({ throughput_qps: 100, walltime_ms: 1000, latency }).throughput).toEqual({ inferences_per_s: 100, samples_per_s: null });
    expect(printedSummaryToResult({ batch: 4, throughput_qps: 100, walltime_ms: 1000, latency }).throughput).toEqual({ inferences_per_s: 100, samples_per_s: 400 });
  });
});
