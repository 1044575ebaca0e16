import { describe, expect, it } from 'vitest';
import {
  bfloat16BitsToFloat32,
  float16ArrayToFloat32,
  float16BitsToFloat32,
  float32ArrayToFloat16,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from './half-float.js';

// Expected bit patterns are worked out by hand from IEEE 754 binary16: sign | 5-bit exponent (bias 15) |
// 10-bit mantissa; the smallest subnormal is 2^-24, the largest finite value 65504.
describe('float16', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [1 / 3, 0x3555], // 0x3555.55… rounds down
    [Number.POSITIVE_INFINITY, 0x7c00],
    [Number.NEGATIVE_INFINITY, 0xfc00],
  ])('%d -> bits %d', (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it('rounds ties to even', () => {
    // Between 1 (0x3c00) and 1+2^-10 (0x3c01) the midpoint 1+2^-11 goes to the even 0x3c00;
    // between 0x3c01 and 0x3c02 the midpoint 1+3*2^-11 goes to the even 0x3c02.
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    // Subnormal ties: 2^-25 is half of the smallest subnormal -> 0 (even); 3*2^-25 -> 2*2^-24 (even).
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000);
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
    expect(float32ToFloat16Bits(2 ** -25 + 2 ** -35)).toBe(0x0001);
  });

  it('overflows to Infinity at the midpoint above 65504', () => {
    // 65504 + 16 is halfway to 65536 (exponent 16, not representable): ties-to-even goes up, to Infinity.
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00);
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
  });

  it('keeps NaN a NaN', () => {
    const bits = float32ToFloat16Bits(Number.NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x3ff).not.toBe(0);
    expect(float16BitsToFloat32(0x7e00)).toBeNaN();
  });

  it('decodes bits exactly', () => {
    expect(float16BitsToFloat32(0x3c00)).toBe(1);
    expect(float16BitsToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16BitsToFloat32(0x03ff)).toBe(1023 * 2 ** -24);
    expect(float16BitsToFloat32(0x7bff)).toBe(65504);
    expect(float16BitsToFloat32(0xc000)).toBe(-2);
    expect(Object.is(float16BitsToFloat32(0x8000), -0)).toBe(true);
    expect(float16BitsToFloat32(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('round-trips every finite float16 bit pattern', () => {
    const all = new Uint16Array(0x10000).map((_, i) => i);
    const finite = all.filter((b) => (b & 0x7c00) !== 0x7c00);
    expect(Array.from(float32ArrayToFloat16(float16ArrayToFloat32(finite)))).toEqual(Array.from(finite));
  });
});

describe('bfloat16', () => {
  it.each([
    [1, 0x3f80],
    [-2, 0xc000],
    [3.140625, 0x4049], // exactly representable: 1.5703125 * 2
    [1 + 2 ** -8, 0x3f80], // a tie, to the even 0x3f80
    [1 + 3 * 2 ** -8, 0x3f82], // a tie, to the even 0x3f82
    [1 + 2 ** -8 + 2 ** -20, 0x3f81],
    [Number.POSITIVE_INFINITY, 0x7f80],
  ])('%d -> bits %d', (value, bits) => {
    expect(float32ToBfloat16Bits(value)).toBe(bits);
  });

  it('rounds the largest finite float32 up to Infinity and keeps NaN', () => {
    expect(float32ToBfloat16Bits(3.4028234663852886e38)).toBe(0x7f80);
    expect(bfloat16BitsToFloat32(float32ToBfloat16Bits(Number.NaN))).toBeNaN();
    expect(bfloat16BitsToFloat32(0x3f80)).toBe(1);
    expect(bfloat16BitsToFloat32(0xc049)).toBe(-3.140625);
  });
});
