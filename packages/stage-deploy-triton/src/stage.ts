import { benchmarkReportKind, kserveEndpointKind, onnxModelKind, tritonModelRepositoryKind } from '@pipeline/kinds';
import { defineStage, input, jsonKind, output, type StageContext, type StageResult } from '@pipeline/sdk';
import { deployTritonParamsSchema } from './params.js';

/** The ports of the stage, apart from it so that its run (run.ts) can name their types. */
export const deployTritonInputs = {
  repository: input(tritonModelRepositoryKind, { description: 'The packaged model repository (package/triton).' }),
  reference: input(onnxModelKind, { optional: true, description: 'The validated model, run here by ONNX Runtime for the smoke test’s expected outputs.' }),
  server: input(kserveEndpointKind, { optional: true, description: 'The server (e.g. serve/local’s endpoint), when `url` is not given.' }),
};

export const deployTritonOutputs = {
  report: output(jsonKind, { description: 'What happened, step by step (deploy-report.json).' }),
  load: output(benchmarkReportKind, { optional: true, description: 'The load test’s figures (load-report.json).' }),
};

/** What the stage's run receives and returns. */
export type DeployTritonContext = StageContext<typeof deployTritonInputs, typeof deployTritonParamsSchema>;
export type DeployTritonResult = StageResult<typeof deployTritonOutputs>;

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
