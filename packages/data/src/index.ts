export { onnxTestDataSource, writeOnnxTestDataSet } from './onnx-test-data.js';
export type { OnnxTestDataOptions } from './onnx-test-data.js';
export { seededRandom, Xoshiro128 } from './prng.js';
export { randomSource } from './random-source.js';
export type { RandomSourceOptions, RangePreset, ValueRange } from './random-source.js';
export { resolveShape } from './resolve-shape.js';
export type { ShapeHints } from './resolve-shape.js';
export type { DataSource, Sample } from './source.js';
