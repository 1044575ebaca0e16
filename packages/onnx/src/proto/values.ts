/** A decoded protobufjs message, seen as plain fields. */
export type Msg = Record<string, unknown>;

/** protobufjs reads int64 as a `Long` ({low, high, unsigned}); this makes it an exact bigint. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string') return BigInt(value);
  const long = value as { low: number; high: number; unsigned?: boolean };
  const bits = (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0);
  return long.unsigned ? bits : BigInt.asIntN(64, bits);
}

/** For int64 fields that are sizes and versions: exact below 2^53, which every real one is. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(toBigInt(value));
}

/** protobufjs writes int64 from a decimal string exactly (through Long). */
export function int64(value: bigint | number): string {
  return value.toString();
}

export function has(m: Msg, key: string): boolean {
  return Object.hasOwn(m, key);
}

export function str(m: Msg, key: string): string {
  return (m[key] as string | undefined) ?? '';
}

export function list<T = Msg>(m: Msg, key: string): T[] {
  return (m[key] as T[] | undefined) ?? [];
}

export function entriesToRecord(m: Msg, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of list(m, key)) out[str(e, 'key')] = str(e, 'value');
  return out;
}

export function recordToEntries(record: Record<string, string>): Msg[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();
export const decodeUtf8 = (bytes: Uint8Array): string => utf8.decode(bytes);
export const encodeUtf8 = (text: string): Uint8Array => utf8Encoder.encode(text);

/**
 * The typed repeated field that holds a tensor's values when it has no raw_data, by ONNX data type code,
 * as the spec assigns them: 16-bit and smaller types (float16, bfloat16, bool, int8…, float8, int4) live
 * in int32_data; uint32/uint64 in uint64_data; complex64 in float_data, complex128 in double_data.
 */
export function typedFieldFor(dataType: number): 'floatData' | 'int32Data' | 'int64Data' | 'stringData' | 'doubleData' | 'uint64Data' {
  switch (dataType) {
    case 1:
    case 14:
      return 'floatData';
    case 7:
      return 'int64Data';
    case 8:
      return 'stringData';
    case 11:
    case 15:
      return 'doubleData';
    case 12:
    case 13:
      return 'uint64Data';
    default:
      return 'int32Data';
  }
}
