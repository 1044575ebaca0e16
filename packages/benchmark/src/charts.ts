import type { BenchmarkResult, MeasuredBenchmarkResult } from './report-schema.js';
import type { ChartData } from '@pipeline/sdk';

/** The sweep's curves: samples/s against batch, and median/p99 latency against batch. */
export function sweepCharts(results: readonly BenchmarkResult[], idPrefix = 'benchmark'): ChartData[] {
  // A sweep is measured, so every batch is known; an imported result without one has no place on a batch axis.
  const known = results.filter((r): r is MeasuredBenchmarkResult => r.batch !== null && r.throughput.samples_per_s !== null);
  const throughput: ChartData = {
    id: `${idPrefix}.sweep.throughput`,
    title: 'Throughput by batch size',
    type: 'line',
    x: { label: 'batch' },
    y: { label: 'throughput', unit: 'samples/s' },
    series: [{ name: 'samples/s', points: known.map((r) => [r.batch, r.throughput.samples_per_s]) }],
  };
  const latency: ChartData = {
    id: `${idPrefix}.sweep.latency`,
    title: 'Latency by batch size',
    type: 'line',
    x: { label: 'batch' },
    y: { label: 'latency', unit: 'ms' },
    series: [
      { name: 'median', points: known.filter((r) => r.latency.median_ms !== undefined).map((r) => [r.batch, r.latency.median_ms as number]) },
      { name: 'p99', points: known.filter((r) => r.latency.p99_ms !== undefined).map((r) => [r.batch, r.latency.p99_ms as number]) },
    ],
  };
  return [throughput, latency];
}
