import { benchmarkReportKind } from '@pipeline/kinds';
import { definePlugin } from '@pipeline/sdk';
import { serverBenchmarkStage } from './server-stage.js';
import { benchmarkStage } from './stage.js';

export { gateBenchmark, judgeBenchmarkGates, windowSpread } from './gates.js';
export type { GateJudgement } from './gates.js';
export { buildFeeds, checkBatchParams, fixedBatch, sweepLimit } from './feeds.js';
export { benchmarkParamsSchema } from './params.js';
export type { BenchmarkParams } from './params.js';
export { benchmarkModel } from './run-benchmark.js';
export type { BenchmarkDeps, BenchmarkTarget } from './run-benchmark.js';
export { gateServerBenchmark } from './server-gates.js';
export { serverBenchmarkParamsSchema } from './server-params.js';
export type { ServerBenchmarkParams } from './server-params.js';
export { serverBenchmarkStage } from './server-stage.js';
export { benchmarkStage } from './stage.js';
export { reportMetrics } from './stage-metrics.js';

/** The `benchmark` and `benchmark/server` stages and the `benchmark-report` kind it produces. */
export const plugin = definePlugin({
  name: '@pipeline/stage-benchmark',
  stages: [benchmarkStage, serverBenchmarkStage],
  kinds: [benchmarkReportKind],
});
export { BenchmarkStageCode } from './codes.js';
