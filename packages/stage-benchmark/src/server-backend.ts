import { findPerfAnalyzer, type PerfAnalyzerLimit, perfAnalyzerLimits } from '@pipeline/perf-analyzer/locate';
import type { ProbeEnv, ProbeResult, StageCheckInput, StageCheckProblem } from '@pipeline/sdk';
import type { ServerBenchmarkParams } from './server-params.js';

// The definition's side of benchmark/server's perf_analyzer backend (probe and check): it imports only
// perf-analyzer's light `locate` entry, so checking a file loads no parser, client or load generator.

/** benchmark/server's probe: is perf_analyzer on PATH (the `backend: perf_analyzer | auto` tool)? */
export async function probePerfAnalyzer(env: ProbeEnv): Promise<ProbeResult> {
  return { perf_analyzer: await findPerfAnalyzer((name, options) => env.findTool(name, options), 'benchmark/server and deploy/triton with backend: perf_analyzer (Triton’s own load generator)') };
}

type BackendParams = Pick<ServerBenchmarkParams, 'slo' | 'concurrency' | 'request_rate' | 'tls'>;

/** Why perf_analyzer cannot make benchmark/server's load (empty when it can). */
export function serverPerfAnalyzerLimits(params: BackendParams): PerfAnalyzerLimit[] {
  return perfAnalyzerLimits({ slo: params.slo, ranges: { concurrency: params.concurrency, request_rate: params.request_rate }, tls: params.tls });
}

/** `check` of benchmark/server: an explicit `backend: perf_analyzer` with a load it cannot make is the user's mistake (exit 2). */
export function checkServerBenchmark({ params }: StageCheckInput): StageCheckProblem[] {
  return params.backend === 'perf_analyzer' ? serverPerfAnalyzerLimits(params as BackendParams) : [];
}
