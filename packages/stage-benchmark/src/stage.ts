import { builtinRunners } from '@pipeline/builtin-runners';
import { defineStage } from '@pipeline/sdk';
import { benchmarkParamsSchema } from './params.js';
import { benchmarkInputs, benchmarkOutputs } from './ports.js';

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
