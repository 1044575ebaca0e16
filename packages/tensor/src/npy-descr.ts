import type { DType } from './dtype.js';

/** numpy type code + item size → our dtype. numpy has no bfloat16 of its own. */
const FROM_NUMPY: Record<string, DType> = {
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  b1: 'bool',
};

export interface NpyDescr {
  dtype: DType;
  littleEndian: boolean;
  /** For fixed-width strings (`U`: UTF-32 code units, `S`: bytes): characters per element. */
  stringWidth?: { kind: 'U' | 'S'; chars: number };
}

/** Parses a numpy `descr` such as `<f4`, `|b1`, `>i8`, `<U7`; undefined when we do not handle it. */
export function parseDescr(descr: string): NpyDescr | undefined {
  const match = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr);
  if (!match) return undefined;
  const [, order = '', kind = '', size = ''] = match;
  const littleEndian = order !== '>';
  if (kind === 'U' || kind === 'S') return { dtype: 'string', littleEndian, stringWidth: { kind, chars: Number(size) } };
  const dtype = FROM_NUMPY[`${kind}${size}`];
  return dtype === undefined ? undefined : { dtype, littleEndian };
}

/** The little-endian numpy `descr` we write for a dtype (strings are written as `<U{width}`). */
export function descrFor(dtype: Exclude<DType, 'string' | 'bfloat16'>): string {
  const entry = Object.entries(FROM_NUMPY).find(([, d]) => d === dtype);
  const code = entry![0];
  return code.endsWith('1') ? `|${code}` : `<${code}`;
}
