import { describeEnvironment } from '@pipeline/benchmark';
import type { BenchmarkReport, BenchmarkResult } from '@pipeline/kinds';
import { DEFAULT_WINDOWS, type LoadGenerator, startLoadGenerator } from './generator.js';
import type { ServerProbe } from './server-probe.js';
import { gpuFiguresFromMetrics, serverSideFromStats } from './server-stats.js';
import { searchSlo } from './slo-search.js';
import { loadMeasurementToResult } from './to-result.js';
import type { LoadMeasurement, LoadSpec, TargetSpec, WindowSpec } from './types.js';

export interface LoadTestOptions {
  target: TargetSpec;
  /** The model under test, as the server names it (for its statistics). */
  model: string;
  /** Loads to measure in turn (a sweep); may be empty when `slo` searches instead. */
  loads: LoadSpec[];
  /** Search the highest concurrency whose p99 stays under `max_p99_ms`, between `min` and `max`. */
  slo?: { max_p99_ms: number; min: number; max: number };
  windows?: Partial<WindowSpec>;
  /** Asks the server for stats deltas and GPU metrics around each load; omitted = client side only. Closed when the test ends. */
  probe?: ServerProbe;
  batch?: number;
  shapes?: Record<string, number[]>;
  rateTolerancePct?: number;
  /** For tests: a generator other than the worker one. */
  generator?: LoadGenerator;
}

/**
 * Measures each load (and/or searches the SLO) against the target with the load generator in its own
 * thread, taking the server's statistics before and after each load for the server-side split (per
 * composing model for an ensemble) and its GPU metrics when exposed, and returns a benchmark-report.
 * Its `primary` result is the SLO search's best load, else the highest throughput.
 */
export async function runLoadTest(options: LoadTestOptions): Promise<{ report: BenchmarkReport; measurements: LoadMeasurement[] }> {
  const windows: WindowSpec = { ...DEFAULT_WINDOWS, ...options.windows };
  const generator = options.generator ?? startLoadGenerator(options.target);
  const results: BenchmarkResult[] = [];
  const measurements: LoadMeasurement[] = [];
  const measureOne = async (load: LoadSpec): Promise<LoadMeasurement> => {
    const before = await options.probe?.modelStats();
    const measurement = await generator.measure(load, windows);
    const after = await options.probe?.modelStats();
    const metrics = await options.probe?.metrics();
    const server = before && after ? serverSideFromStats(before, after, options.model) : undefined;
    results.push(
      loadMeasurementToResult(measurement, {
        batch: options.batch ?? 1,
        shapes: options.shapes ?? {},
        windows,
        server,
        gpus: metrics === undefined ? undefined : gpuFiguresFromMetrics(metrics),
        rateTolerancePct: options.rateTolerancePct ?? 10,
      }),
    );
    measurements.push(measurement);
    return measurement;
  };
  let sloSearch: BenchmarkReport['slo_search'];
  try {
    for (const load of options.loads) await measureOne(load);
    if (options.slo) {
      const first = results.length;
      const outcome = await searchSlo((concurrency) => measureOne({ mode: 'concurrency', concurrency }), { min: options.slo.min, max: options.slo.max, maxP99Ms: options.slo.max_p99_ms });
      sloSearch = {
        max_p99_ms: options.slo.max_p99_ms,
        mode: 'concurrency',
        tried: outcome.tried.map((t) => ({ load: t.load, p99_ms: t.measurement.latency?.p99_ms ?? 0, inferences_per_s: t.measurement.throughput_per_s, met: t.met })),
        ...(outcome.best === undefined ? {} : { best_load: outcome.best, best_result: first + outcome.tried.findIndex((t) => t.load === outcome.best) }),
      };
    }
  } finally {
    if (!options.generator) await generator.close();
    await options.probe?.close?.();
  }
  let primary = sloSearch?.best_result ?? 0;
  if (sloSearch?.best_result === undefined) for (const [i, r] of results.entries()) if ((r.throughput.samples_per_s ?? 0) > (results[primary]?.throughput.samples_per_s ?? 0)) primary = i;
  const report: BenchmarkReport = {
    schema_version: 1,
    source: 'measured',
    model: { name: options.model },
    runner: { backend: 'kserve-v2-http', version: 'unknown', execution_providers: [], details: { tool: 'pipeline loadgen', url: options.target.url } },
    environment: describeEnvironment(),
    settings: { windows, ...(options.slo ? { slo: options.slo } : {}), loads: options.loads, timeout_ms: options.target.timeout_ms },
    percentile_method: 'hdr-histogram',
    results,
    primary,
    ...(sloSearch ? { slo_search: sloSearch } : {}),
    warnings: [],
  };
  return { report, measurements };
}
