import { defineStage } from '@pipeline/sdk';
import { checkServerBenchmark, probePerfAnalyzer } from './server-backend.js';
import { serverBenchmarkParamsSchema } from './server-params.js';
import { serverBenchmarkInputs, serverBenchmarkOutputs } from './server-ports.js';

/**
 * `benchmark/server`: the benchmark stage's server mode — load on a running KServe v2 / Triton
 * endpoint from the load generator in its own thread (perf_analyzer's modes, windows and stability
 * rule), the server-side split from its statistics (per composing model of an ensemble), GPU metrics
 * when exposed, an optional SLO search, and SLO gates (p99, throughput, error rate). Writes the
 * benchmark-report and perf_analyzer's CSV. With `backend: perf_analyzer` (or `auto`), Triton's
 * perf_analyzer makes the load instead, found by the probe on PATH or at `perf_analyzer_path`.
 * Never cached; runs alone.
 */
export const serverBenchmarkStage = defineStage({
  name: 'benchmark/server',
  version: 1,
  description: 'Load-tests a served model (perf_analyzer-style concurrency/request-rate, stability windows, server-side split, SLO search) with SLO gates.',
  inputs: serverBenchmarkInputs,
  params: serverBenchmarkParamsSchema,
  outputs: serverBenchmarkOutputs,
  cacheable: false,
  resources: { exclusive: true },
  tools: ['perf_analyzer'],
  probe: probePerfAnalyzer,
  check: checkServerBenchmark,
  async run(ctx) {
    // The run and the libraries it needs load when the stage runs, never when a file is checked.
    const { runServerBenchmarkStage } = await import('./run-server-stage.js');
    return runServerBenchmarkStage(ctx);
  },
});
