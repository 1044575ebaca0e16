export { packageTritonStage } from './stage.js';
export { packageTritonParams } from './ports.js';

export { plugin } from './plugin.js';
export { PackageTritonCode } from './codes.js';
