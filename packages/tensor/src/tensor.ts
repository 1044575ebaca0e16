import type { DType, DTypeStorage } from './dtype.js';

/** A dense, row-major tensor. `shape` is concrete; `[]` is a scalar. */
export interface Tensor<D extends DType = DType> {
  dtype: D;
  shape: number[];
  data: DTypeStorage[D];
}

/**
 * A tensor as a model declares it: a dim is a number, a symbolic name (`batch`) or null when unknown.
 * An empty shape is a scalar; `shape: undefined` means the rank itself is unknown.
 */
export interface TensorSpec {
  name: string;
  dtype: DType;
  shape: (number | string | null)[] | undefined;
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
