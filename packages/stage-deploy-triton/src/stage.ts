import { findPerfAnalyzer } from '@pipeline/perf-analyzer/locate';
import { defineStage } from '@pipeline/sdk';
import { deployPerfAnalyzerLimits } from './load-backend.js';
import { deployTritonParamsSchema } from './params.js';
import { deployTritonInputs, deployTritonOutputs } from './ports.js';

/**
 * `deploy/triton`: the packaged repository onto a running Triton (or `pipeline serve`) as a new version,
 * then readiness, a smoke inference against the reference model, and a load test with SLO gates; any
 * failure restores the previous version. Never cached: it changes a server. A failed check is a failed
 * gate (exit 1); an unreachable, slow, failing or dying server is an infrastructure error (exit 3). Both
 * roll back, and the log and `deploy-report.json` say which step failed and what was restored.
 */
export const deployTritonStage = defineStage({
  name: 'deploy/triton',
  version: 1,
  description: 'Deploys a Triton model repository as a new version, smoke-tests and load-tests it with SLO gates, and rolls back on failure.',
  inputs: deployTritonInputs,
  params: deployTritonParamsSchema,
  outputs: deployTritonOutputs,
  cacheable: false,
  resources: { exclusive: true },
  tools: ['perf_analyzer'],
  probe: async (env) => ({ perf_analyzer: await findPerfAnalyzer((name, options) => env.findTool(name, options), 'benchmark/server and deploy/triton with backend: perf_analyzer (Triton’s own load generator)') }),
  // An explicit `load.backend: perf_analyzer` with a load it cannot make is the user's mistake (exit 2).
  check: ({ params }) => ((params.load as { backend?: string } | undefined)?.backend === 'perf_analyzer' ? deployPerfAnalyzerLimits(params as { tls?: Record<string, unknown>; load: { concurrency?: string } }) : []),
  async run(ctx) {
    // The run and the libraries it needs load when the stage runs, never when a file is checked.
    const { runDeployTriton } = await import('./run.js');
    return runDeployTriton(ctx);
  },
});
