import { ToolMissingError } from '@pipeline/errors';
import type { ModelMetadata } from '@pipeline/kserve-client';
import { parseLoadRange } from '@pipeline/loadgen';
import type { PerfAnalyzerOptions } from '@pipeline/perf-analyzer';
import type { ProbeEnv, ProbeResult, StageCheckInput, StageCheckProblem, ToolInfo } from '@pipeline/sdk';
import type { ServerBenchmarkParams } from './server-params.js';

/** The tool's name on PATH, and what `perf_analyzer --version` prints since 2023 (`Perf Analyzer Version <v>`). */
const TOOL = 'perf_analyzer';
const VERSION_PATTERN = /Perf Analyzer Version:?\s*(\S+)/i;

/** benchmark/server's probe: is perf_analyzer on PATH (the `backend: perf_analyzer | auto` tool)? */
export async function probePerfAnalyzer(env: ProbeEnv): Promise<ProbeResult> {
  return { [TOOL]: await env.findTool(TOOL, { versionPattern: VERSION_PATTERN, unlocks: 'benchmark/server with backend: perf_analyzer (Triton’s own load generator)' }) };
}

type BackendParams = Pick<ServerBenchmarkParams, 'slo' | 'concurrency' | 'request_rate'> & { url?: string | undefined };

/** Why perf_analyzer cannot make this load (empty when it can); each names the param at fault. */
export function perfAnalyzerLimits(params: BackendParams): StageCheckProblem[] {
  const problems: StageCheckProblem[] = [];
  if (params.slo) problems.push({ code: 'E_BENCHMARK_PARAMS', path: ['slo'], message: 'the SLO search is the built-in load generator’s; perf_analyzer sweeps a range', hint: 'use backend: loadgen, or give concurrency: start:end:step' });
  for (const key of ['concurrency', 'request_rate'] as const) {
    if (params[key]?.includes('x')) problems.push({ code: 'E_BENCHMARK_PARAMS', path: [key], message: `perf_analyzer’s ranges step by adding (start:end:step); "${params[key]}" multiplies`, hint: 'give start:end:step, or use backend: loadgen' });
  }
  if (params.url?.startsWith('https:')) problems.push({ code: 'E_BENCHMARK_PARAMS', path: ['url'], message: 'perf_analyzer’s https options are not passed on here', hint: 'use backend: loadgen for an https server' });
  return problems;
}

/** `check` of benchmark/server: an explicit `backend: perf_analyzer` with a load it cannot make is the user's mistake (exit 2). */
export function checkServerBenchmark({ params }: StageCheckInput): StageCheckProblem[] {
  return params.backend === 'perf_analyzer' ? perfAnalyzerLimits(params as BackendParams) : [];
}

/**
 * The perf_analyzer to run, or undefined for the built-in generator: `perf_analyzer_path` wins, then
 * what the probe found on PATH. `backend: auto` falls back to the built-in one (and says why in `note`).
 */
export function choosePerfAnalyzer(params: ServerBenchmarkParams & { url: string }, probed: ToolInfo | undefined): { executable?: string; note?: string } {
  if (params.backend === 'loadgen') return {};
  const executable = params.perf_analyzer_path ?? (probed?.found ? probed.path : undefined);
  if (params.backend === 'perf_analyzer') {
    if (executable === undefined) throw new ToolMissingError('E_PERF_ANALYZER_NOT_FOUND', 'perf_analyzer not found on PATH', { hint: 'install Triton’s client tools (perf_analyzer), set perf_analyzer_path, or use backend: loadgen' });
    return { executable };
  }
  if (executable === undefined) return { note: 'backend auto: perf_analyzer not found, using the built-in load generator' };
  const limits = perfAnalyzerLimits(params);
  if (limits.length > 0) return { note: `backend auto: using the built-in load generator, because ${limits.map((p) => p.message).join('; ')}` };
  return { executable };
}

/**
 * perf_analyzer's options for benchmark/server's params: the same model, load range, windows and
 * stability rule. `--shape` gets the dynamic dims the data settings gave (without the batch axis, as
 * perf_analyzer takes them); perf_analyzer makes its own random input values.
 */
export function perfAnalyzerOptionsFor(params: ServerBenchmarkParams & { url: string }, metadata: ModelMetadata, shapes: Record<string, number[]>, executable: string, csvFile: string): PerfAnalyzerOptions {
  const base = new URL(params.url);
  const dynamic: Record<string, number[]> = {};
  for (const input of metadata.inputs) {
    const shape = shapes[input.name];
    const batched = input.shape[0] === -1 && input.shape.length === (shape?.length ?? 0);
    const dims = batched ? shape?.slice(1) : shape;
    if (dims && input.shape.slice(batched ? 1 : 0).some((d) => d < 0)) dynamic[input.name] = dims;
  }
  const window = params.window;
  const options: PerfAnalyzerOptions = {
    executable,
    model: params.model,
    url: `${base.hostname}:${base.port || '80'}`,
    protocol: 'http',
    batch: params.batch,
    measurementMode: window.mode === 'count' ? 'count_windows' : 'time_windows',
    stabilityPct: window.stability_pct,
    maxTrials: window.max_windows,
    shapes: dynamic,
    headers: params.headers,
    csvFile,
  };
  if (params.version !== undefined) options.version = params.version;
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

/** `a` → `a:a:1`, `a:b` → `a:b:1`: perf_analyzer's own defaults, spelled out so the command line says what ran. */
function rangeWithStep(range: string): string {
  const [start, end = start, step = '1'] = range.split(':');
  return `${start}:${end}:${step}`;
}
