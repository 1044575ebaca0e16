import { benchmarkReportKind } from '@pipeline/kinds';
import { definePlugin } from '@pipeline/sdk';
import { benchmarkStage } from './stage.js';

export { gateBenchmark, judgeBenchmarkGates, windowSpread } from './gates.js';
export type { GateJudgement } from './gates.js';
export { buildFeeds, checkBatchParams, fixedBatch, sweepLimit } from './feeds.js';
export { benchmarkParamsSchema } from './params.js';
export type { BenchmarkParams } from './params.js';
export { benchmarkModel } from './run-benchmark.js';
export type { BenchmarkDeps, BenchmarkTarget } from './run-benchmark.js';
export { benchmarkStage } from './stage.js';
export { reportMetrics } from './stage-metrics.js';

/** The `benchmark` stage and the `benchmark-report` kind it produces. */
export const plugin = definePlugin({
  name: '@pipeline/stage-benchmark',
  stages: [benchmarkStage],
  kinds: [benchmarkReportKind],
});
export { BenchmarkStageCode } from './codes.js';
