export { ConvertTensorrtCode, TRTEXEC_FAILURE_CODE } from './codes.js';
export { convertTensorrtParamsSchema } from './params.js';
export type { ConvertTensorrtParams } from './params.js';
export { probeTrtexec } from './probe.js';
export { resolveProfiles, uncoveredDynamicInputs } from './profiles.js';
export { convertTensorrtStage } from './stage.js';

export { plugin } from './plugin.js';
