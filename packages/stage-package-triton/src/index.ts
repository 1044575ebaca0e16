export { packageTritonParams, packageTritonStage } from './stage.js';

export { plugin } from './plugin.js';
export { PackageTritonCode } from './codes.js';
