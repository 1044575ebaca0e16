import type { BenchmarkResult, BenchmarkWarning, LatencyStats } from './report-schema.js';

/**
 * Latency figures as a tool printed them: percentiles keyed `p90`/`90`/`p99.9` (trtexec's labels), CoV
 * only when the tool warned about it. This module is the one mapping of printed figures onto the
 * benchmark-report's names (`pipeline import trtexec --benchmark-report` goes through it).
 */
export interface PrintedLatency {
  min_ms: number;
  max_ms: number;
  mean_ms: number;
  median_ms: number;
  percentiles_ms?: Record<string, number>;
  cov_pct?: number;
}

/** A performance summary read from another tool's output (trtexec's `=== Performance summary ===`). */
export interface PrintedSummary {
  /** Samples per query when something tells it (an engine profile, an inspect artifact, `--batch=N`); unknown otherwise. */
  batch?: number;
  /**
   * What the printed throughput counts. trtexec computes batch × queries ÷ walltime with its own batch,
   * which is `--batch=N` under implicit batch (8.x) — then it counts samples — and 1 for every
   * explicit-batch engine (all ONNX models, all of 10.x) — then it counts queries. Default `queries`.
   */
  throughput_counts?: 'queries' | 'samples';
  /** As printed (trtexec `Throughput: … qps`). */
  throughput_qps: number;
  /** `Total GPU Compute Time`, in ms. */
  gpu_compute_total_ms?: number;
  /** `Total Host Walltime`, in ms. */
  walltime_ms?: number;
  /** `Timing trace has N queries`. */
  timed_runs?: number;
  latency: PrintedLatency;
  /** Other metrics by the report's names: `enqueue`, `h2d`, `gpu_compute`, `d2h`. */
  components?: Record<string, PrintedLatency>;
  /** Shapes the tool ran with (trtexec `--shapes`), when known. */
  shapes?: Record<string, number[]>;
  warnings?: BenchmarkWarning[];
}

/** Printed latency figures in the report's field names; percentiles other than 90/95/99 go to `other_percentiles`. */
export function printedLatencyStats(printed: PrintedLatency): LatencyStats {
  const stats: LatencyStats = { min_ms: printed.min_ms, max_ms: printed.max_ms, mean_ms: printed.mean_ms, median_ms: printed.median_ms };
  const others: { percentile: number; ms: number }[] = [];
  for (const [label, ms] of Object.entries(printed.percentiles_ms ?? {})) {
    const percentile = Number(label.replace(/^p/, ''));
    if (!Number.isFinite(percentile)) continue;
    if (percentile === 90) stats.p90_ms = ms;
    else if (percentile === 95) stats.p95_ms = ms;
    else if (percentile === 99) stats.p99_ms = ms;
    else others.push({ percentile, ms });
  }
  if (others.length > 0) stats.other_percentiles = others.sort((a, b) => a.percentile - b.percentile);
  if (printed.cov_pct !== undefined) stats.cov_pct = printed.cov_pct;
  return stats;
}

/**
 * One configuration's figures from a printed summary, so an imported trtexec run sits in the same
 * report shape as a measured one. No stability windows: the tool did not measure that way.
 */
export function printedSummaryToResult(summary: PrintedSummary): BenchmarkResult {
  const batch = summary.batch ?? null;
  const walltimeMs = summary.walltime_ms ?? 0;
  const countsSamples = summary.throughput_counts === 'samples' && batch !== null;
  const inferencesPerS = countsSamples ? summary.throughput_qps / batch : summary.throughput_qps;
  const samplesPerS = countsSamples ? summary.throughput_qps : batch === null ? null : summary.throughput_qps * batch;
  const result: BenchmarkResult = {
    batch,
    concurrency: 1,
    sessions: 1,
    shapes: summary.shapes ?? {},
    timed_runs: summary.timed_runs ?? Math.round((inferencesPerS * walltimeMs) / 1000),
    walltime_ms: walltimeMs,
    throughput: { inferences_per_s: inferencesPerS, samples_per_s: samplesPerS },
    latency: printedLatencyStats(summary.latency),
    warnings: summary.warnings ?? [],
  };
  if (summary.gpu_compute_total_ms !== undefined) result.gpu_compute_total_ms = summary.gpu_compute_total_ms;
  if (summary.components) {
    result.components = Object.fromEntries(Object.entries(summary.components).map(([name, stats]) => [name, printedLatencyStats(stats)]));
  }
  return result;
}
