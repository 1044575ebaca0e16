import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { describe, expect, it } from 'vitest';
import { parsePerfAnalyzerCsv } from './parse-csv.js';
import { parsePerfAnalyzerStdout } from './parse-stdout.js';
import { perfAnalyzerBenchmarkReport } from './to-benchmark-report.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/recorded/triton/perf_analyzer');
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
const reportOf = (file: string, csvFile?: string) =>
  benchmarkReportSchema.parse(
    perfAnalyzerBenchmarkReport(parsePerfAnalyzerStdout(read(file)), csvFile ? parsePerfAnalyzerCsv(read(csvFile)) : undefined, { stdout: file, ...(csvFile ? { csv: csvFile } : {}) }),
  );
const num = (text: string, regex: RegExp) => Number(regex.exec(text)?.[1]);

describe('perfAnalyzerBenchmarkReport', () => {
  it('maps a complete stdout (01): samples/s, ms percentiles, client and server splits', () => {
    const text = read('01_quick_start_simple_http_sync.txt');
    const report = reportOf('01_quick_start_simple_http_sync.txt');
    const r = report.results[0];
    expect(report.model.name).toBe(/-m (\S+)/.exec(text)?.[1]);
    expect(r?.throughput.samples_per_s).toBe(num(text, /Throughput: ([\d.]+)/));
    expect(r?.timed_runs).toBe(num(text, /Request count: (\d+)/));
    expect(r?.latency.p99_ms).toBeCloseTo(num(text, /p99 latency: (\d+)/) / 1000, 12);
    expect(r?.latency.median_ms).toBeCloseTo(num(text, /p50 latency: (\d+)/) / 1000, 12);
    expect(r?.latency.mean_ms).toBeCloseTo(num(text, /Avg latency: (\d+)/) / 1000, 12);
    expect(r?.latency.min_ms).toBeUndefined();
    expect(r?.client?.breakdown_ms.response_wait).toBeCloseTo(num(text, /response wait (\d+) usec/) / 1000, 12);
    expect(r?.server?.breakdown_ms.queue).toBeCloseTo(num(text, /queue (\d+) usec/) / 1000, 12);
    expect(r?.server?.success_count).toBe(num(text, /Successful request count: (\d+)/));
    // perf_analyzer's throughput is count / window: the window is what the count and rate give.
    expect(r?.walltime_ms).toBeCloseTo((num(text, /Request count: (\d+)/) / num(text, /Throughput: ([\d.]+)/)) * 1000, 6);
    expect(report.source).toBe('perf_analyzer');
  });

  it('keeps an ensemble’s per-composing-model split (08)', () => {
    const text = read('08_server_issue3245_ensemble_p95_TRUNCATED.txt');
    const server = reportOf('08_server_issue3245_ensemble_p95_TRUNCATED.txt').results[0]?.server;
    expect(server?.breakdown_ms.compute).toBeCloseTo(num(text, /compute (\d+) usec\)/) / 1000, 12);
    const after = text.slice(text.indexOf('version:'));
    expect(server?.composing_models?.[0]).toMatchObject({ name: /^\s*(\S+), version:/m.exec(text)?.[1], inference_count: num(after, /Inference count: (\d+)/) });
    expect(server?.composing_models?.[0]?.breakdown_ms.compute_infer).toBeCloseTo(num(after, /compute infer (\d+) usec/) / 1000, 12);
  });

  it('summary-only loads keep throughput and the summary’s percentile, and say so (06)', () => {
    const text = read('06_tutorial_part2_p95_concurrency_range_dynamic_batching_EXCERPT.txt');
    const report = reportOf('06_tutorial_part2_p95_concurrency_range_dynamic_batching_EXCERPT.txt');
    const rows = [...text.matchAll(/^Concurrency: (\d+), throughput: ([\d.]+) infer\/sec, latency (\d+) usec$/gm)];
    expect(report.results.map((r) => r.concurrency)).toEqual(rows.map((m) => Number(m[1])));
    const batch = num(text, /-b (\d+)/);
    for (const [i, m] of rows.entries()) {
      const r = report.results[i];
      expect(r?.batch).toBe(batch);
      expect(r?.throughput.samples_per_s).toBe(Number(m[2]));
      expect(r?.throughput.inferences_per_s).toBeCloseTo(Number(m[2]) / batch, 9);
      expect(r?.latency.p95_ms).toBeCloseTo(Number(m[3]) / 1000, 12);
      expect(r?.warnings.some((w) => w.code === 'W_SUMMARY_ONLY')).toBe(Number(m[1]) !== 16);
    }
    // The detail block of 16 adds what the summary lacks.
    const last = report.results.at(-1);
    expect(last?.latency.median_ms).toBeCloseTo(num(text, /p50 latency: (\d+)/) / 1000, 12);
    expect(report.results[report.primary]?.throughput.samples_per_s).toBe(Math.max(...rows.map((m) => Number(m[2]))));
  });

  it('from a CSV: one result per row ordered by load, server split and GPU metrics', () => {
    const csvText = read('04_docs_perf.csv');
    const report = benchmarkReportSchema.parse(perfAnalyzerBenchmarkReport(parsePerfAnalyzerStdout(''), parsePerfAnalyzerCsv(csvText), { stdout: '-', csv: '04_docs_perf.csv' }));
    expect(report.results.map((r) => r.concurrency)).toEqual([1, 2, 3, 4]);
    const row2 = /^2,([\d.]+),(\d+),(\d+),(\d+),/m.exec(csvText) ?? [];
    expect(report.results[1]?.throughput.samples_per_s).toBe(Number(row2[1]));
    expect(report.results[1]?.client?.breakdown_ms.send).toBeCloseTo(Number(row2[2]) / 1000, 12);
    expect(report.results[1]?.server?.breakdown_ms.queue).toBeCloseTo(Number(row2[4]) / 1000, 12);
    const gpuText = read('05_docs_verbose_csv_gpu_metrics_SIMPLIFIED.txt');
    const gpu = perfAnalyzerBenchmarkReport(parsePerfAnalyzerStdout(''), parsePerfAnalyzerCsv(gpuText), { stdout: '-' });
    expect(gpu.results[1]?.gpus?.find((g) => g.id === 'gpu_uuid_1')?.utilization).toBe(num(gpuText, /^2,\.\.\.,gpu_uuid_0:[\d.]+;gpu_uuid_1:([\d.]+);/m));
    expect(gpu.results[1]?.gpus?.find((g) => g.id === 'gpu_uuid_0')?.memory_total_bytes).toBe(num(gpuText, /^2,(?:[^,]*,){4}gpu_uuid_0:(\d+);/m));
  });

  it('refuses text with no measurement at all', () => {
    expect(perfAnalyzerBenchmarkReport(parsePerfAnalyzerStdout('Request concurrency: 1\n'), undefined, { stdout: 'x.txt' }).results).toHaveLength(1);
    expect(() => perfAnalyzerBenchmarkReport(parsePerfAnalyzerStdout('hello\n'), undefined, { stdout: 'x.txt' })).toThrow(expect.objectContaining({ code: 'E_NOT_PERF_ANALYZER_OUTPUT' }));
  });
});
