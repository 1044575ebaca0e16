import type { DType, DTypeStorage } from './dtype.js';
import { bfloat16ArrayToFloat32, float16ArrayToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits } from './half-float.js';
import type { Tensor } from './tensor.js';

/** A zero-filled array of `length` elements in the storage `dtype` uses (strings: empty strings). */
export function createStorage<D extends DType>(dtype: D, length: number): DTypeStorage[D] {
  const make = (): DTypeStorage[DType] => {
    switch (dtype) {
      case 'float32':
        return new Float32Array(length);
      case 'float64':
        return new Float64Array(length);
      case 'float16':
      case 'bfloat16':
      case 'uint16':
        return new Uint16Array(length);
      case 'int8':
        return new Int8Array(length);
      case 'uint8':
      case 'bool':
        return new Uint8Array(length);
      case 'int16':
        return new Int16Array(length);
      case 'int32':
        return new Int32Array(length);
      case 'uint32':
        return new Uint32Array(length);
      case 'int64':
        return new BigInt64Array(length);
      case 'uint64':
        return new BigUint64Array(length);
      case 'string':
        return new Array<string>(length).fill('');
    }
  };
  return make() as DTypeStorage[D];
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
