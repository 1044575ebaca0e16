import { defineStage } from '@pipeline/sdk';
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
  async run(ctx) {
    // The run and the libraries it needs load when the stage runs, never when a file is checked.
    const { runDeployTriton } = await import('./run.js');
    return runDeployTriton(ctx);
  },
});
