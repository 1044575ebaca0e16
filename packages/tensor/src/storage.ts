import type { DType, DTypeStorage } from './dtype.js';
import { bfloat16ArrayToFloat32, float16ArrayToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits } from './half-float.js';
import type { Tensor } from './tensor.js';

type NumericDType = Exclude<DType, 'string'>;
type TypedArrayConstructor<D extends NumericDType> = {
  new (length: number): DTypeStorage[D];
  new (buffer: ArrayBuffer, byteOffset: number, length: number): DTypeStorage[D];
};

/** The typed array class each numeric dtype is stored in. */
export const STORAGE_CLASS: { [D in NumericDType]: TypedArrayConstructor<D> } = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

/** A zero-filled array of `length` elements in the storage `dtype` uses (strings: empty strings). */
export function createStorage<D extends DType>(dtype: D, length: number): DTypeStorage[D] {
  if (dtype === 'string') return new Array<string>(length).fill('') as DTypeStorage[D];
  return new STORAGE_CLASS[dtype as NumericDType](length) as DTypeStorage[D];
}

/**
 * Stores plain numbers as `dtype`: floats16 are rounded to nearest even, integers are truncated and wrap
 * like a typed array store, 64-bit integers become bigints, bools are 1 for any non-zero value.
 */
export function storageFromNumbers<D extends Exclude<DType, 'string'>>(dtype: D, values: ArrayLike<number>): DTypeStorage[D] {
  const out = createStorage(dtype, values.length) as DTypeStorage[Exclude<DType, 'string'>];
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
    for (let i = 0; i < values.length; i++) out[i] = BigInt(Math.trunc(values[i]!));
  } else if (dtype === 'float16' || dtype === 'bfloat16') {
    const convert = dtype === 'float16' ? float32ToFloat16Bits : float32ToBfloat16Bits;
    for (let i = 0; i < values.length; i++) out[i] = convert(values[i]!);
  } else if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
  } else {
    (out as Float64Array).set(values);
  }
  return out as DTypeStorage[D];
}

/**
 * A numeric tensor's values as float32, for comparisons and statistics: float16/bfloat16 are decoded,
 * 64-bit integers go through Number (exact up to 2^53). Strings have no numeric value and are refused.
 */
export function tensorToFloat32(tensor: Tensor): Tensor<'float32'> {
  const { dtype, shape, data } = tensor;
  if (dtype === 'float32') return tensor as Tensor<'float32'>;
  if (dtype === 'string') throw new TypeError('a string tensor has no float32 values');
  if (dtype === 'float16') return { dtype: 'float32', shape, data: float16ArrayToFloat32(data as Uint16Array) };
  if (dtype === 'bfloat16') return { dtype: 'float32', shape, data: bfloat16ArrayToFloat32(data as Uint16Array) };
  const out = new Float32Array(data.length);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]!);
  } else {
    out.set(data as ArrayLike<number>);
  }
  return { dtype: 'float32', shape, data: out };
}
