// Triton Inference Server knowledge as code. Each concern has its own file; this index is the
// package's whole public surface. config.pbtxt itself (reader, writer, rules) is @pipeline/triton-config.
export { completeOnnxruntimeConfig, completeTensorrtConfig, onnxCanBatch } from './auto-complete.js';
export type { Completion, OnnxIOFacts, OnnxTensorFacts } from './auto-complete.js';
export { checkModelRepository } from './check-repository.js';
export type { CheckRepositoryOptions, RepositoryCheck } from './check-repository.js';
export { onnxTypeFromTriton, tritonTypeFromOnnx, tritonTypeFromTensorrt } from './data-types.js';
export { engineCanBatch, engineDescriptionSchema, engineMaxBatch, engineProfileSchema, engineTensorSchema, profileMaxBatch } from './engine.js';
export type { EngineDescription, EngineProfile, EngineTensor } from './engine.js';
export { lintEngineConfig } from './engine-lint.js';
export type { EngineLintOptions } from './engine-lint.js';
export { assertEngineForTriton, assertTritonReleaseFormat, checkEngineForTriton, tritonBuildFix } from './guard.js';
export type { EngineForTritonCheck, EngineForTritonInput } from './guard.js';
export { REPOSITORY_MANIFEST, readRepositoryManifest, repositoryManifestSchema } from './manifest.js';
export type { RepositoryManifest } from './manifest.js';
export { modelFileName, modelFileProblems } from './model-files.js';
export { lintOnnxConfig } from './onnx-lint.js';
export { findTritonRelease, TRITON_TENSORRT_RELEASES } from './releases.js';
export type { TritonImageVariant, TritonTensorrtRelease } from './releases.js';
export { configFromEngine, configFromOnnx, ensembleConfig } from './package-config.js';
export type { PackageOptions } from './package-config.js';
export { hashRepositoryFiles, renderModelReadme } from './repository-files.js';
export { TritonCode } from './codes.js';
