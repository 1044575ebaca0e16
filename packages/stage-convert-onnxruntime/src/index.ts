import { definePlugin } from '@pipeline/sdk';
import { convertOnnxRuntimeStage } from './stage.js';

export { inferElemTypes } from './elem-types.js';
export { scaleWeight } from './fault.js';
export { convertToFloat16, DEFAULT_FP16_BLOCK_LIST } from './fp16.js';
export type { Fp16Options, Fp16Summary } from './fp16.js';
export { convertOrtParamsSchema, mayAddOrtOnlyOps } from './params.js';
export type { ConvertOrtParams } from './params.js';
export { convertOnnxRuntimeStage } from './stage.js';

/** The plugin the CLI registers: the `convert/onnxruntime` stage. */
export const plugin = definePlugin({ name: '@pipeline/stage-convert-onnxruntime', stages: [convertOnnxRuntimeStage] });
export { ConvertOnnxRuntimeCode } from './codes.js';
