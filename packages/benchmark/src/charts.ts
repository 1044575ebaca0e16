import type { BenchmarkResult } from './report-schema.js';
import type { ChartData } from '@pipeline/sdk';

/** The sweep's curves: samples/s against batch, and median/p99 latency against batch. */
export function sweepCharts(results: readonly BenchmarkResult[], idPrefix = 'benchmark'): ChartData[] {
  const throughput: ChartData = {
    id: `${idPrefix}.sweep.throughput`,
    title: 'Throughput by batch size',
    type: 'line',
    x: { label: 'batch' },
    y: { label: 'throughput', unit: 'samples/s' },
    series: [{ name: 'samples/s', points: results.map((r) => [r.batch, r.throughput.samples_per_s]) }],
  };
  const latency: ChartData = {
    id: `${idPrefix}.sweep.latency`,
    title: 'Latency by batch size',
    type: 'line',
    x: { label: 'batch' },
    y: { label: 'latency', unit: 'ms' },
    series: [
      { name: 'median', points: results.map((r) => [r.batch, r.latency.median_ms]) },
      { name: 'p99', points: results.filter((r) => r.latency.p99_ms !== undefined).map((r) => [r.batch, r.latency.p99_ms as number]) },
    ],
  };
  return [throughput, latency];
}
