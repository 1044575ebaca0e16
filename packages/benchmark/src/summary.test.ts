import type { BenchmarkReport } from './report-schema.js';
import { describe, expect, it } from 'vitest';
import { formatPerformanceMarkdown } from './markdown.js';
import { toBenchmarkResult } from './result.js';
import { formatPerformanceSummary } from './summary.js';

// trtexec's summary line, as the reference gives it (tensorrt-trtexec.md §2.2), and its throughput line.
const TRTEXEC_LATENCY =
  /^(Latency|Enqueue Time|H2D Latency|GPU Compute Time|D2H Latency): min = (\S+) ms, max = (\S+) ms, mean = (\S+) ms, median = (\S+) ms((?:, percentile\([\d.]+%\) = \S+ ms)*)$/;
const TRTEXEC_THROUGHPUT = /^Throughput: (\S+) qps$/;

function reportOf(latencies: number[], walltimeMs: number, extra: Partial<BenchmarkReport> = {}): BenchmarkReport {
  const result = toBenchmarkResult(
    {
      windows: [],
      latencies: Float64Array.from(latencies),
      walltimeMs,
      stability: { stable: true, outcome: 'stable', tolerance_pct: 10, compared: 3, windows: [] },
      hostOverheadMs: 0.002,
      warmupRuns: 0,
      warmupMs: 0,
    },
    { batch: 1, concurrency: 1, sessions: 1, shapes: { x: [1, 3, 48, 192] } },
  );
  return {
    schema_version: 1,
    source: 'measured',
    model: { name: 'cls.onnx' },
    runner: { backend: 'onnxruntime', version: '1.30.0', execution_providers: ['cpu'], threads: { intra_op: 1 } },
    environment: { cpu_model: 'Test CPU', cpu_cores: 2, os: 'linux', node_version: 'v20' },
    settings: {},
    percentile_method: 'trtexec-nearest-rank',
    results: [result],
    primary: 0,
    warnings: [],
    ...extra,
  };
}

describe('formatPerformanceSummary', () => {
  it('prints lines that trtexec’s own regular expressions read back, with the hand-computed figures', () => {
    const text = formatPerformanceSummary(reportOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100));
    const lines = text.split('\n');
    expect(lines).toContain('=== Performance summary ===');
    const latency = lines.map((l) => TRTEXEC_LATENCY.exec(l)).find((m) => m !== null);
    expect(latency?.slice(1, 6)).toEqual(['Latency', '1', '10', '5.5', '5.5']);
    const percentiles = [...(latency?.[6] ?? '').matchAll(/percentile\(([\d.]+)%\) = (\S+) ms/g)].map((m) => [m[1], m[2]]);
    expect(percentiles).toEqual([
      ['90', '9'],
      ['95', '10'],
      ['99', '10'],
    ]);
    // 10 runs over 100 ms = 100 qps.
    const throughput = lines.map((l) => TRTEXEC_THROUGHPUT.exec(l)).find((m) => m !== null);
    expect(throughput?.[1]).toBe('100');
    expect(lines).toContain('Total Host Walltime: 0.1 s');
  });

  it('prints the figures of the report, ranked by trtexec’s float32 rule, in the summary and the card', () => {
    // 1..100: p99 drops int((1 − 0.99f)·100) = int(0.99999905) = 0 samples → 100, the maximum.
    const report = reportOf(Array.from({ length: 100 }, (_, i) => i + 1), 100);
    expect(report.results[0]?.latency.p99_ms).toBe(100);
    const latency = formatPerformanceSummary(report)
      .split('\n')
      .map((l) => TRTEXEC_LATENCY.exec(l))
      .find((m) => m !== null);
    const percentiles = [...(latency?.[6] ?? '').matchAll(/percentile\(([\d.]+)%\) = (\S+) ms/g)].map((m) => [m[1], m[2]]);
    expect(percentiles).toEqual([
      ['90', '90'],
      ['95', '95'],
      ['99', '100'],
    ]);
    // The card's table: median, p90, p95, p99 columns.
    const row = formatPerformanceMarkdown(report)
      .split('\n')
      .find((l) => /^\| 1 /.test(l));
    expect(row?.split('|').slice(5, 9).map((c) => c.trim())).toEqual(['50.5', '90', '95', '100']);
  });

  it('warns like trtexec when the coefficient of variance is high', () => {
    // 1..10 has CoV = √8.25 / 5.5 = 52.2233 %.
    const report = reportOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100);
    const text = formatPerformanceSummary(report);
    const match = /^\* Latency is unstable, with coefficient of variance = (\S+)%\.$/m.exec(text);
    expect(Number(match?.[1])).toBeCloseTo((Math.sqrt(8.25) / 5.5) * 100, 3);
    expect(report.results[0]?.warnings.map((w) => w.code)).toEqual(['W_HIGH_VARIANCE']);
    // Identical runs give no variance warning.
    expect(reportOf([2, 2, 2, 2], 8).results[0]?.warnings).toEqual([]);
  });

  it('shows the sweep as a table with one row per batch and the knee', () => {
    const base = reportOf([1, 1, 1], 3);
    const first = base.results[0];
    if (!first) throw new Error('no result');
    const second = { ...first, batch: 2, throughput: { inferences_per_s: 900, samples_per_s: 1800 } };
    const report: BenchmarkReport = {
      ...base,
      results: [first, second],
      primary: 1,
      sweep: { batches: [1, 2], knee_batch: 2, best_batch: 2, min_gain_pct: 5, patience: 1, stopped_by: 'max-batch' },
    };
    const text = formatPerformanceSummary(report);
    const tableRows = text.split('\n').filter((l) => /^\s+\d+\s+\S+\s+\S+\s+\S+\s+\S+\s+(yes|no|-)$/.test(l));
    expect(tableRows.map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([1, 2]);
    expect(text).toMatch(/^Knee: batch 2; best: batch 2;/m);
    expect(text).toMatch(/^Configuration: batch 2,/m);

    const markdown = formatPerformanceMarkdown(report);
    expect(markdown.startsWith('## Performance\n')).toBe(true);
    const rows = markdown.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('**(primary)**');
    expect(markdown).toContain('Test CPU');
  });
});
