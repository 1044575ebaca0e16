import { benchmarkReportKind } from '@pipeline/kinds';
import { definePlugin } from '@pipeline/sdk';
import { serverBenchmarkStage } from './server-stage.js';
import { benchmarkStage } from './stage.js';

/**
 * The `benchmark` and `benchmark/server` stages and the `benchmark-report` kind it produces. Also
 * `@pipeline/stage-benchmark/plugin`, which imports the stages' definitions only (ports, params,
 * probe), not the timing loop, the load generator or the HTTP client their runs need.
 */
export const plugin = definePlugin({
  name: '@pipeline/stage-benchmark',
  stages: [benchmarkStage, serverBenchmarkStage],
  kinds: [benchmarkReportKind],
});
