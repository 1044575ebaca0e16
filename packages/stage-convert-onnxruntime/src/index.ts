export { inferElemTypes } from './elem-types.js';
export { scaleWeight } from './fault.js';
export { convertToFloat16 } from './fp16.js';
export type { Fp16Options, Fp16Summary } from './fp16.js';
export { convertOrtParamsSchema, DEFAULT_FP16_BLOCK_LIST, mayAddOrtOnlyOps } from './params.js';
export type { ConvertOrtParams } from './params.js';
export { convertOnnxRuntimeStage } from './stage.js';

export { plugin } from './plugin.js';
export { ConvertOnnxRuntimeCode } from './codes.js';
