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

export { plugin } from './plugin.js';
export { BenchmarkStageCode } from './codes.js';
