import { definePlugin } from '@pipeline/sdk';
import { convertTensorrtStage } from './stage.js';

export { ConvertTensorrtCode, TRTEXEC_FAILURE_CODE } from './codes.js';
export { convertTensorrtParamsSchema } from './params.js';
export type { ConvertTensorrtParams } from './params.js';
export { probeTrtexec } from './probe.js';
export { resolveProfiles, uncoveredDynamicInputs } from './profiles.js';
export { convertTensorrtStage } from './stage.js';

/** The plugin the CLI registers: the `convert/tensorrt` stage. */
export const plugin = definePlugin({ name: '@pipeline/stage-convert-tensorrt', stages: [convertTensorrtStage] });
