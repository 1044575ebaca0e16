// Triton Inference Server knowledge as code. Each concern has its own file; this index is the
// package's whole public surface.
export { assertEngineForTriton, checkEngineForTriton, tritonBuildFix } from './guard.js';
export type { EngineForTritonCheck, EngineForTritonInput } from './guard.js';
export { findTritonRelease, TRITON_TENSORRT_RELEASES } from './releases.js';
export type { TritonImageVariant, TritonTensorrtRelease } from './releases.js';
export { TritonCode } from './codes.js';
