import { builtinRunners } from '@pipeline/builtin-runners';
import { benchmarkReportKind, onnxModelKind, tensorrtEngineKind } from '@pipeline/kinds';
import { defineStage, directoryKind, fileKind, input, output, type StageContext, type StageResult, textKind } from '@pipeline/sdk';
import { benchmarkParamsSchema } from './params.js';

/** The ports of the stage, apart from it so that its run (run-stage.ts) can name their types. */
export const benchmarkInputs = {
  model: input(onnxModelKind, { optional: true, description: 'The model to measure; give this or engine.' }),
  engine: input(tensorrtEngineKind, {
    optional: true,
    description: 'A TensorRT engine (convert/tensorrt’s engine) to measure with one `trtexec --loadEngine` run instead of the timing loop; give this or model.',
  }),
  dataset: input(directoryKind, { optional: true, description: 'The folder `data.files.glob` and `data.onnx_test_data.dir` are relative to.' }),
};

export const benchmarkOutputs = {
  report: output(benchmarkReportKind, { description: 'All figures, the machine and the settings (benchmark-report.json).' }),
  summary: output(textKind, { description: 'The Performance section of the model card (performance.md).' }),
  trtexec_times: output(fileKind, { optional: true, description: 'For an engine: trtexec’s --exportTimes file (every timed query).' }),
  trtexec_profile: output(fileKind, { optional: true, description: 'For an engine with layer_profile: trtexec’s --exportProfile file (per-layer times).' }),
};

/** What the stage's run receives and returns. */
export type BenchmarkStageContext = StageContext<typeof benchmarkInputs, typeof benchmarkParamsSchema>;
export type BenchmarkStageResult = StageResult<typeof benchmarkOutputs>;

/**
 * `benchmark`: latency and throughput of an ONNX model on a runner, measured in windows until stable,
 * optionally over a batch sweep; gates on p99 latency and throughput. Never cached (a figure must be
 * fresh) and run alone (anything beside it would be measured too).
 */
export const benchmarkStage = defineStage({
  name: 'benchmark',
  version: 2,
  description: 'Measures latency and throughput (trtexec-style summary, perf_analyzer stability windows, batch sweep) with gates.',
  inputs: benchmarkInputs,
  params: benchmarkParamsSchema,
  outputs: benchmarkOutputs,
  cacheable: false,
  resources: { exclusive: true },
  // Never cached, but `pipeline doctor` lists the runtime and run.json records which one measured.
  tools: builtinRunners.tools,
  probe: (env) => builtinRunners.probe(env, 'latency and throughput (benchmark)'),
  async run(ctx) {
    // The run and the libraries it needs load when the stage runs, never when a file is checked.
    const { runBenchmarkStage } = await import('./run-stage.js');
    return runBenchmarkStage(ctx);
  },
});
