/**
 * IEEE 754 half-precision bits → float32 values. ONNX Runtime hands float16 tensors over as their raw
 * 16-bit patterns (a Uint16Array); comparing them needs real numbers. A 65,536-entry table (256 KB,
 * built once on first use) makes the conversion one load per element.
 */
let table: Float32Array | undefined;

function decodeHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal (and ±0)
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) table[bits] = decodeHalf(bits);
  }
  return table;
}

/** The value of one float16 bit pattern. */
export function float16BitsToNumber(bits: number): number {
  return decodeHalf(bits & 0xffff);
}

/** Converts a whole float16 buffer (raw bits) to float32 values, into `out` when given. */
export function float16ToFloat32(bits: Uint16Array, out = new Float32Array(bits.length)): Float32Array {
  const t = halfTable();
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]!]!;
  return out;
}
