import type { BenchmarkReport } from '@pipeline/kinds';
import { errorRate } from '@pipeline/loadgen';
import type { Reporter } from '@pipeline/sdk';
import type { ServerBenchmarkParams } from './server-params.js';

/**
 * The SLO gates of a load test: p99 and throughput of the primary result, and the error rate over all
 * loads. Returns whether all passed (the runner turns a failed gate into exit 1). A primary result
 * with no successful request has no p99: NaN, which never passes.
 */
export function gateServerBenchmark(report: BenchmarkReport, gates: ServerBenchmarkParams['gates'], reporter: Pick<Reporter, 'gate'>): boolean {
  const primary = report.results[report.primary];
  let passed = true;
  if (gates.max_p99_ms !== undefined) {
    passed = reporter.gate({ name: 'max_p99_ms', metric: 'latency.p99_ms', value: primary?.latency.p99_ms ?? Number.NaN, op: '<=', bound: gates.max_p99_ms, unit: 'ms' }) && passed;
  }
  if (gates.min_throughput !== undefined) {
    passed = reporter.gate({ name: 'min_throughput', metric: 'throughput.inferences_per_s', value: primary?.throughput.inferences_per_s ?? 0, op: '>=', bound: gates.min_throughput, unit: 'infer/s' }) && passed;
  }
  if (gates.max_error_rate !== undefined) {
    const kinds = Object.entries(
      report.results.reduce<Record<string, number>>((all, r) => {
        for (const [k, n] of Object.entries(r.errors?.by_kind ?? {})) all[k] = (all[k] ?? 0) + n;
        return all;
      }, {}),
    );
    passed =
      reporter.gate({ name: 'max_error_rate', metric: 'errors.rate', value: errorRate(report), op: '<=', bound: gates.max_error_rate, details: Object.fromEntries(kinds) }) && passed;
  }
  return passed;
}
