export { checkFeeds } from './check-feeds.js';
export { onnxRuntimeTool, onnxRuntimeVersion } from './load-ort.js';
export { optimizeWithOnnxRuntime } from './optimize.js';
export type { OptimizeOptions } from './optimize.js';
export { openOnnxRuntime } from './runner.js';
export type { GraphOptimizationLevel, OnnxRuntimeOptions } from './session-options.js';
export { onnxRuntimeRunner } from './entry.js';
export { OnnxRuntimeCode } from './codes.js';
