import { benchmarkReportKind, kserveEndpointKind, onnxModelKind } from '@pipeline/kinds';
import { defineStage, input, output, type StageContext, type StageResult, textKind } from '@pipeline/sdk';
import { serverBenchmarkParamsSchema } from './server-params.js';

/** The ports of the stage, apart from it so that its run (run-server-stage.ts) can name their types. */
export const serverBenchmarkInputs = {
  onnx: input(onnxModelKind, { optional: true, description: 'The served model’s ONNX file, for input shapes by dim name (else the server’s metadata).' }),
  server: input(kserveEndpointKind, { optional: true, description: 'The server (e.g. serve/local’s endpoint), when `url` is not given.' }),
};

export const serverBenchmarkOutputs = {
  report: output(benchmarkReportKind, { description: 'All figures per load, server split, SLO search (benchmark-report.json).' }),
  csv: output(textKind, { description: 'The figures in perf_analyzer’s -f CSV form (perf.csv).' }),
  summary: output(textKind, { description: 'The Performance section (performance.md).' }),
};

/** What the stage's run receives and returns. */
export type ServerBenchmarkContext = StageContext<typeof serverBenchmarkInputs, typeof serverBenchmarkParamsSchema>;
export type ServerBenchmarkResult = StageResult<typeof serverBenchmarkOutputs>;

/**
 * `benchmark/server`: the benchmark stage's server mode — load on a running KServe v2 / Triton
 * endpoint from the load generator in its own thread (perf_analyzer's modes, windows and stability
 * rule), the server-side split from its statistics (per composing model of an ensemble), GPU metrics
 * when exposed, an optional SLO search, and SLO gates (p99, throughput, error rate). Writes the
 * benchmark-report and perf_analyzer's CSV. Never cached; runs alone.
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
  async run(ctx) {
    // The run and the libraries it needs load when the stage runs, never when a file is checked.
    const { runServerBenchmarkStage } = await import('./run-server-stage.js');
    return runServerBenchmarkStage(ctx);
  },
});
