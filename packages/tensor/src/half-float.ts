// IEEE 754 binary16 (float16) and bfloat16 held as their raw bits in a Uint16Array, converted to and
// from float32 with round-to-nearest-even, the rounding numpy, ONNX Runtime and CUDA use.

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** Rounds `shift` low bits off `value` to nearest, ties to even. */
function roundShiftRightEven(value: number, shift: number): number {
  const kept = Math.floor(value / 2 ** shift);
  const remainder = value - kept * 2 ** shift;
  const halfway = 2 ** (shift - 1);
  return remainder > halfway || (remainder === halfway && kept % 2 === 1) ? kept + 1 : kept;
}

/**
 * The float16 bits of a number. The number is first taken as a float32 (as our tensors hold it), then
 * rounded to nearest even: overflow gives ±Infinity, tiny values become subnormals or ±0, NaN stays NaN.
 */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const bits = f32Bits[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return mantissa === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mantissa >>> 13);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Below float16's normal range the result is a subnormal, a multiple of 2^-24; anything under
    // 2^-25 (float32 subnormals included) rounds to zero. A round-up to 0x400 is the smallest normal.
    if (halfExponent < -10) return sign;
    return sign | roundShiftRightEven(mantissa | 0x800000, 14 - halfExponent);
  }
  // A carry out of the mantissa bumps the exponent, which is right, up to Infinity (0x7c00).
  return sign | (((halfExponent << 10) | (mantissa >>> 13)) + roundingCarry(mantissa));
}

/** The round-to-nearest-even increment for dropping float32's 13 low mantissa bits. */
function roundingCarry(mantissa: number): number {
  const dropped = mantissa & 0x1fff;
  const keptLowBit = (mantissa >>> 13) & 1;
  return dropped > 0x1000 || (dropped === 0x1000 && keptLowBit === 1) ? 1 : 0;
}

/** The value of float16 bits, exactly (every float16 is a float32). NaN payloads are kept. */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return (sign ? -1 : 1) * mantissa * 2 ** -24;
  f32Bits[0] = exponent === 0x1f ? (sign << 16) | 0x7f800000 | (mantissa << 13) : (sign << 16) | ((exponent + 112) << 23) | (mantissa << 13);
  return f32[0]!;
}

/** The bfloat16 bits of a number (taken as float32 first), rounded to nearest even; NaN stays a quiet NaN. */
export function float32ToBfloat16Bits(value: number): number {
  f32[0] = value;
  const bits = f32Bits[0]!;
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) return (bits >>> 16) | 0x40;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** The value of bfloat16 bits: they are the high half of a float32. */
export function bfloat16BitsToFloat32(bits: number): number {
  f32Bits[0] = (bits & 0xffff) << 16;
  return f32[0]!;
}

/** Converts a whole array of float32 values to float16 bits. */
export function float32ArrayToFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i]!);
  return out;
}

/** Converts a whole array of float16 bits to float32 values. */
export function float16ArrayToFloat32(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16BitsToFloat32(bits[i]!);
  return out;
}

/** Converts a whole array of float32 values to bfloat16 bits. */
export function float32ArrayToBfloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToBfloat16Bits(values[i]!);
  return out;
}

/** Converts a whole array of bfloat16 bits to float32 values. */
export function bfloat16ArrayToFloat32(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = bfloat16BitsToFloat32(bits[i]!);
  return out;
}
