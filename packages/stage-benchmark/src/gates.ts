import { formatG } from '@pipeline/benchmark';
import type { BenchmarkReport } from '@pipeline/kinds';
import { evaluateGate, type GateInput, type Reporter } from '@pipeline/sdk';
import type { BenchmarkParams } from './params.js';

/**
 * Judges the primary configuration against `max_p99_ms` and `min_throughput` (samples/s). A failed
 * gate carries a sentence with the figure, the bound and the configuration; an unstable measurement
 * says so, since its figure may be the machine's noise rather than the model.
 */
export function gateBenchmark(report: BenchmarkReport, gates: BenchmarkParams['gates'], reporter: Pick<Reporter, 'gate'>): boolean[] {
  const primary = report.results[report.primary];
  if (!primary) return [];
  const where = `batch ${primary.batch}, concurrency ${primary.concurrency}`;
  const caveat = primary.stability && !primary.stability.stable && primary.stability.outcome === 'max-windows' ? ' (the measurement was not stable)' : '';
  const details = { batch: primary.batch, concurrency: primary.concurrency, stable: primary.stability?.stable ?? null, timed_runs: primary.timed_runs };
  const inputs: GateInput[] = [];
  if (gates.max_p99_ms !== undefined) {
    const value = primary.latency.p99_ms ?? Number.NaN;
    inputs.push({
      name: 'max_p99_ms',
      metric: 'latency.p99_ms',
      value,
      op: '<=',
      bound: gates.max_p99_ms,
      unit: 'ms',
      details,
      message: `p99 latency is ${formatG(value)} ms at ${where}, above max_p99_ms = ${formatG(gates.max_p99_ms)} ms${caveat}`,
    });
  }
  if (gates.min_throughput !== undefined) {
    const value = primary.throughput.samples_per_s;
    inputs.push({
      name: 'min_throughput',
      metric: 'throughput.samples_per_s',
      value,
      op: '>=',
      bound: gates.min_throughput,
      unit: 'samples/s',
      details,
      message: `throughput is ${formatG(value)} samples/s at ${where}, below min_throughput = ${formatG(gates.min_throughput)} samples/s${caveat}`,
    });
  }
  return inputs.map((gate) => {
    // The sentence above describes a failure; a passing gate keeps the default wording.
    const { message, ...rest } = gate;
    return reporter.gate(evaluateGate(rest).passed ? rest : gate);
  });
}
