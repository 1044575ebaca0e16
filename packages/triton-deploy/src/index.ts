export { deployToTriton } from './deploy.js';
export type { DeployCheck, DeployMode, DeployOptions, DeployReport, DeployStep } from './deploy.js';
export { readPackagedRepository } from './packaged.js';
export type { PackagedModel } from './packaged.js';
export { TritonDeployCode } from './codes.js';
