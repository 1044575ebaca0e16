import { definePlugin } from '@pipeline/sdk';
import { deployTritonStage } from './stage.js';

export { DeployStageCode } from './codes.js';
export { deployTritonParamsSchema } from './params.js';
export type { DeployTritonParams } from './params.js';
export { deployTritonStage } from './stage.js';

/** The `deploy/triton` stage. */
export const plugin = definePlugin({ name: '@pipeline/stage-deploy-triton', stages: [deployTritonStage] });
