export { completeEnsembleConfig, completeOnnxConfig, DEFAULT_CPU_INSTANCES, ModelLoadError } from './complete-config.js';
export { clientShape, configTypeOf, dtypeOfConfigType, protocolDatatype } from './model-config.js';
export type { EnsembleStep, ModelConfig, ModelTensorConfig, PartialModelConfig } from './model-config.js';
export { configFileReader, ModelRepository } from './repository.js';
export type { ConfigReader, LoadRequest } from './repository.js';
export { startServer } from './server.js';
export type { RunningServer, ServeOptions } from './server.js';
export { ServeCode } from './codes.js';
