import type { DTypeStorage } from './dtype.js';

type AnyStorage = DTypeStorage[keyof DTypeStorage];

/**
 * Reorders column-major (Fortran) data into row-major order. Element (i0, …, ik) sits at
 * Σ i_j·Π_{m<j} shape[m] in the source; walking the row-major index with an odometer keeps it O(n).
 */
export function fortranToRowMajor<S extends AnyStorage>(data: S, shape: readonly number[]): S {
  const rank = shape.length;
  if (rank < 2) return data;
  const strides: number[] = [];
  let stride = 1;
  for (const dim of shape) {
    strides.push(stride);
    stride *= dim;
  }
  const out = (Array.isArray(data) ? new Array<string>(data.length) : new (data.constructor as new (n: number) => S)(data.length)) as S;
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  const src = data as unknown as ArrayLike<unknown>;
  const dst = out as unknown as { [i: number]: unknown };
  for (let target = 0; target < data.length; target++) {
    dst[target] = src[source];
    // Advance the row-major odometer (last axis fastest) and keep the Fortran offset in step.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      source += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      source -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return out;
}
