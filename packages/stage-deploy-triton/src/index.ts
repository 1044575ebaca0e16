export { DeployStageCode } from './codes.js';
export { deployTritonParamsSchema } from './params.js';
export type { DeployTritonParams } from './params.js';
export { deployTritonStage } from './stage.js';

export { plugin } from './plugin.js';
