import { benchmarkReportKind, kserveEndpointKind, onnxModelKind, tritonModelRepositoryKind } from '@pipeline/kinds';
import { input, jsonKind, output, type StageContext, type StageResult } from '@pipeline/sdk';
import type { deployTritonParamsSchema } from './params.js';

/** The ports of the stage, shared by its definition (stage.ts) and its run (run.ts, imported when it runs). */
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
