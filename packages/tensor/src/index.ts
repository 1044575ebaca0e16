export { DTYPES, dtypeFromOnnx, isDType } from './dtype.js';
export type { DType, DTypeStorage } from './dtype.js';
export { elementCount } from './tensor.js';
export type { Tensor, TensorSpec } from './tensor.js';
