import { encodeInferRequest, endpointUrl } from '@pipeline/kserve-client';
import type { BenchmarkReport } from '@pipeline/kinds';
import type { LoadTls } from '@pipeline/kserve-client';
import { errorRate, httpServerProbe, parseLoadRange, runLoadTest } from '@pipeline/loadgen';
import { type PerfAnalyzerOptions, perfAnalyzerHttpsFor, perfAnalyzerShapes, perfAnalyzerUrl, type RunTool, rangeWithStep, runPerfAnalyzer } from '@pipeline/perf-analyzer';
import { evaluateGate, type GateInput } from '@pipeline/sdk';
import type { Tensor } from '@pipeline/tensor';
import type { DeployTritonParams } from './params.js';

export interface LoadOutcome {
  passed: boolean;
  summary: string;
  gates: GateInput[];
  report: BenchmarkReport;
  /** Set when more requests failed than `max_error_rate` allows for a server-side reason (refused, reset, timeout, 5xx, …): an infrastructure fault, not a gate. */
  fault?: string;
}

type LoadParams = Exclude<DeployTritonParams['load'], false>;

/** The stage's params with the server resolved: its URL (the param, or the `server` input's) and `tls:` with its files read. */
export type DeployParams = DeployTritonParams & { url: string; loadTls: LoadTls | undefined };

/** perf_analyzer as the load test's generator: the executable chosen, how to run it, and the served inputs for `--shape`. */
export interface PerfAnalyzerLoad {
  executable: string;
  exec: RunTool;
  /** Scratch space for what perf_analyzer reads and writes: its CSV and, for https, the CA file. */
  scratchDir: string;
  csvFile: string;
  served: readonly { name: string; shape: readonly number[] }[];
}

/** Failure kinds that say the server (or the way to it) is broken, rather than the request or the model. */
const FAULT_KINDS = new Set(['refused', 'reset', 'timeout', 'connect_timeout', 'bad_response', 'http_5xx', 'dns', 'tls', 'other']);

/** The built-in generator's load test on the new version, with the server split from stats read over the same connection settings. */
async function loadgenReport(params: DeployParams, load: LoadParams, entry: string, version: number, feeds: Record<string, Tensor>): Promise<BenchmarkReport> {
  const encoded = encodeInferRequest(feeds, { binaryOutputs: true });
  const tls = params.loadTls ? { tls: params.loadTls } : {};
  const headers: Record<string, string> = { ...params.headers, 'Content-Type': 'application/octet-stream' };
  if (encoded.headerLength !== undefined) headers['Inference-Header-Content-Length'] = String(encoded.headerLength);
  const { report } = await runLoadTest({
    target: {
      url: endpointUrl(params.url, `/v2/models/${encodeURIComponent(entry)}/versions/${version}/infer`),
      method: 'POST',
      headers,
      bodies: [encoded.body],
      timeout_ms: params.request_timeout_ms,
      connect_timeout_ms: Math.min(params.request_timeout_ms, 5000),
      ...tls,
    },
    model: entry,
    loads: parseLoadRange(load.concurrency).map((concurrency) => ({ mode: 'concurrency', concurrency })),
    windows: { window_ms: load.window_ms, max_windows: load.max_windows, stability_pct: load.stability_pct },
    probe: httpServerProbe(params.url, { headers: params.headers, ...tls }),
  });
  return report;
}

/** perf_analyzer's load test on the new version (`-x`), with the same range, windows and stability rule; its input values are its own random ones. */
async function perfAnalyzerReport(params: DeployParams, load: LoadParams, entry: string, version: number, feeds: Record<string, Tensor>, pa: PerfAnalyzerLoad): Promise<BenchmarkReport> {
  const shapes = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, [...t.shape]]));
  const options: PerfAnalyzerOptions = {
    executable: pa.executable,
    model: entry,
    version: String(version),
    url: perfAnalyzerUrl(params.url),
    protocol: 'http',
    concurrencyRange: rangeWithStep(load.concurrency),
    measurementMode: 'time_windows',
    measurementIntervalMs: load.window_ms,
    stabilityPct: load.stability_pct,
    maxTrials: load.max_windows,
    shapes: perfAnalyzerShapes(pa.served, shapes),
    headers: params.headers,
    csvFile: pa.csvFile,
    // Every window of every load at its longest, plus a minute to start and report.
    timeoutMs: parseLoadRange(load.concurrency).length * load.max_windows * load.window_ms + 60_000,
  };
  const https = await perfAnalyzerHttpsFor(params.url, params.tls, pa.scratchDir);
  if (https !== undefined) options.https = https;
  return (await runPerfAnalyzer(options, pa.exec)).report;
}

/**
 * The load test on the new version and its SLO gates (p99 and throughput of the best load, error rate
 * over all), by the built-in generator or, given `perfAnalyzer`, by perf_analyzer.
 */
export async function loadCheck(params: DeployParams, load: LoadParams, entry: string, version: number, feeds: Record<string, Tensor>, perfAnalyzer?: PerfAnalyzerLoad): Promise<LoadOutcome> {
  const report = perfAnalyzer ? await perfAnalyzerReport(params, load, entry, version, feeds, perfAnalyzer) : await loadgenReport(params, load, entry, version, feeds);
  // perf_analyzer ends with an error when requests fail ("Failed to maintain requested inference load"),
  // so a run it finished had none; its CSV rows carry no request counts to divide by.
  const rate = perfAnalyzer ? 0 : errorRate(report);
  const primary = report.results[report.primary];
  const gates: GateInput[] = [{ name: 'max_error_rate', metric: 'errors.rate', value: rate, op: '<=', bound: params.gates.max_error_rate }];
  if (params.gates.max_p99_ms !== undefined) gates.push({ name: 'max_p99_ms', metric: 'latency.p99_ms', value: primary?.latency.p99_ms ?? Number.NaN, op: '<=', bound: params.gates.max_p99_ms, unit: 'ms' });
  if (params.gates.min_throughput !== undefined) gates.push({ name: 'min_throughput', metric: 'throughput.inferences_per_s', value: primary?.throughput.inferences_per_s ?? 0, op: '>=', bound: params.gates.min_throughput, unit: 'infer/s' });
  const records = gates.map(evaluateGate);
  const failed = records.filter((g) => !g.passed);
  const kinds = report.results.flatMap((r) => Object.entries(r.errors?.by_kind ?? {}).map(([k, n]) => `${n} ${k}`));
  const figures = `best ${primary?.concurrency ?? '?'} in flight: ${primary?.throughput.inferences_per_s.toFixed(1) ?? '?'} infer/s, p99 ${primary?.latency.p99_ms?.toFixed(3) ?? '?'} ms${kinds.length ? `; errors: ${kinds.join(', ')}` : ''}${perfAnalyzer ? ' (perf_analyzer)' : ''}`;
  const summary = failed.length === 0 ? figures : `${failed.map((g) => `${g.name} ${g.value} ${g.op} ${g.bound} failed`).join('; ')} (${figures})`;
  const faults = report.results.flatMap((r) => Object.entries(r.errors?.by_kind ?? {}).filter(([k]) => FAULT_KINDS.has(k)));
  if (faults.length > 0 && rate > params.gates.max_error_rate) {
    const total = report.results.reduce((n, r) => n + r.timed_runs + (r.errors?.total ?? 0), 0);
    const fault = `the server failed ${(rate * 100).toFixed(1)}% of ${total} requests (${kinds.join(', ')})`;
    return { passed: false, summary: fault, gates, report, fault };
  }
  return { passed: failed.length === 0, summary, gates, report };
}
