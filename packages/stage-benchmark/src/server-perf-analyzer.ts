import type { ModelMetadata } from '@pipeline/kserve-client';
import { parseLoadRange } from '@pipeline/loadgen';
import { type PerfAnalyzerHttps, type PerfAnalyzerOptions, perfAnalyzerShapes, perfAnalyzerUrl, rangeWithStep } from '@pipeline/perf-analyzer';
import type { ServerBenchmarkParams } from './server-params.js';

/**
 * perf_analyzer's options for benchmark/server's params: the same model, load range, windows and
 * stability rule. `--shape` gets the dynamic dims the data settings gave; perf_analyzer makes its own
 * random input values. `https` is what perfAnalyzerHttpsFor made of the params' url and `tls:`.
 */
export function perfAnalyzerOptionsFor(params: ServerBenchmarkParams & { url: string }, metadata: ModelMetadata, shapes: Record<string, number[]>, executable: string, csvFile: string, https?: PerfAnalyzerHttps): PerfAnalyzerOptions {
  const window = params.window;
  const options: PerfAnalyzerOptions = {
    executable,
    model: params.model,
    url: perfAnalyzerUrl(params.url),
    protocol: 'http',
    batch: params.batch,
    measurementMode: window.mode === 'count' ? 'count_windows' : 'time_windows',
    stabilityPct: window.stability_pct,
    maxTrials: window.max_windows,
    shapes: perfAnalyzerShapes(metadata.inputs, shapes),
    headers: params.headers,
    csvFile,
  };
  if (params.version !== undefined) options.version = params.version;
  if (https !== undefined) options.https = https;
  if (window.mode === 'count') options.measurementRequestCount = window.requests;
  else options.measurementIntervalMs = window.ms;
  if (window.percentile !== undefined) options.percentile = window.percentile;
  if (params.request_rate !== undefined) {
    options.requestRateRange = params.request_rate;
    options.requestDistribution = params.distribution;
  } else options.concurrencyRange = rangeWithStep(params.concurrency ?? '1');
  // Bounded like every loop here: all windows of all loads at their longest, plus a minute to start and report.
  const loads = parseLoadRange(params.request_rate ?? params.concurrency ?? '1', params.request_rate ? 'request-rate' : 'concurrency').length;
  const windowMs = window.mode === 'count' ? Math.max(1000, params.timeout_ms) : window.ms;
  options.timeoutMs = loads * window.max_windows * windowMs + 60_000;
  return options;
}
