import { definePlugin } from '@pipeline/sdk';
import { deployTritonStage } from './stage.js';

/**
 * The `deploy/triton` stage. Also `@pipeline/stage-deploy-triton/plugin`, which imports the stage's
 * definition only (ports, params, probe), not the HTTP client, the load generator or ONNX Runtime its
 * run needs.
 */
export const plugin = definePlugin({ name: '@pipeline/stage-deploy-triton', stages: [deployTritonStage] });
