import type { BenchmarkResult, BenchmarkWarning, GpuFigures, LatencyStats, ServerSide } from '@pipeline/kinds';
import type { LoadMeasurement, WindowSpec } from './types.js';

export interface ResultContext {
  batch: number;
  shapes: Record<string, number[]>;
  windows: WindowSpec;
  server?: ServerSide | undefined;
  gpus?: GpuFigures[] | undefined;
  /** How far below the asked rate the achieved one may fall before the rate counts as not sustained (%). */
  rateTolerancePct: number;
}

function latencyStats(m: LoadMeasurement): LatencyStats {
  const l = m.latency;
  if (!l) return {};
  const stats: LatencyStats = {
    min_ms: l.min_ms,
    max_ms: l.max_ms,
    mean_ms: l.mean_ms,
    median_ms: l.p50_ms,
    p90_ms: l.p90_ms,
    p95_ms: l.p95_ms,
    p99_ms: l.p99_ms,
    std_ms: l.std_ms,
    cov_pct: l.mean_ms > 0 ? (l.std_ms / l.mean_ms) * 100 : 0,
  };
  if (l.extra) stats.other_percentiles = [{ percentile: l.extra.percentile, ms: l.extra.ms }];
  return stats;
}

/**
 * One measured load as a benchmark-report result: the merged last windows' figures, the windows
 * themselves, the load asked and achieved (a rate the generator could not sustain is flagged, never
 * reported as the asked rate), errors by kind, the client split, and the server side when known.
 */
export function loadMeasurementToResult(m: LoadMeasurement, context: ResultContext): BenchmarkResult {
  const errorsTotal = Object.values(m.errors_by_kind).reduce((a, b) => a + b, 0);
  const warnings: BenchmarkWarning[] = [];
  const load: NonNullable<BenchmarkResult['load']> =
    m.load.mode === 'concurrency'
      ? { mode: 'concurrency', concurrency: m.load.concurrency, achieved_rate_per_s: m.started_per_s }
      : { mode: 'request-rate', concurrency: m.max_in_flight, asked_rate_per_s: m.load.rate_per_s, achieved_rate_per_s: m.started_per_s, distribution: m.load.distribution };
  if (m.load.mode === 'request-rate') {
    load.sustained = m.started_per_s >= m.load.rate_per_s * (1 - context.rateTolerancePct / 100);
    if (!load.sustained) {
      warnings.push({
        code: 'W_RATE_NOT_SUSTAINED',
        message: `asked for ${m.load.rate_per_s} requests/s, achieved ${m.started_per_s.toFixed(1)}/s (at most ${m.max_in_flight} in flight)`,
        hint: 'the server or the generator cannot keep up: the figures are for the achieved rate; raise max_in_flight or ask less',
      });
    }
  }
  if (!m.stable) {
    warnings.push({
      code: 'W_UNSTABLE',
      message: `the last 3 of ${m.windows.length} windows did not agree within ${context.windows.stability_pct}% in throughput and latency`,
      hint: 'lengthen the measurement window or raise max_windows',
    });
  }
  if (errorsTotal > 0) {
    const kinds = Object.entries(m.errors_by_kind)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    warnings.push({ code: 'W_REQUEST_ERRORS', message: `${errorsTotal} request(s) failed: ${kinds}` });
  }
  const result: BenchmarkResult = {
    batch: context.batch,
    concurrency: load.concurrency ?? 0,
    sessions: 1,
    shapes: context.shapes,
    timed_runs: m.requests_ok,
    walltime_ms: m.duration_ms,
    throughput: { inferences_per_s: m.throughput_per_s, samples_per_s: m.throughput_per_s * context.batch },
    latency: latencyStats(m),
    stability: {
      stable: m.stable,
      outcome: m.outcome,
      tolerance_pct: context.windows.stability_pct,
      compared: 3,
      windows: m.windows.map((w) => ({ runs: w.completed, duration_ms: w.duration_ms, inferences_per_s: w.throughput_per_s, mean_latency_ms: w.mean_latency_ms })),
    },
    load,
    errors: { total: errorsTotal, by_kind: m.errors_by_kind },
    warnings,
  };
  if (m.client_ms) result.client = { protocol: 'HTTP', request_ms: m.latency?.mean_ms ?? 0, breakdown_ms: { until_headers: m.client_ms.until_headers, body: m.client_ms.body } };
  if (context.server) result.server = context.server;
  if (context.gpus && context.gpus.length > 0) result.gpus = context.gpus;
  return result;
}
