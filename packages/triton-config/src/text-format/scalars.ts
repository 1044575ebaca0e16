// Scalar values of the text format: integers (decimal, 0x hex, 0 octal) with the field's range,
// floats (with `inf`/`nan` and an `f` suffix), booleans in every spelling protobuf accepts, and
// enums by name or number. A failure returns protobuf's message for the parser to locate.
import { enumValues, type FieldDescriptor, type ScalarType } from '../proto-schema.js';
import type { Token } from './tokenizer.js';

const RANGES: Record<'int32' | 'uint32' | 'int64' | 'uint64', [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

function parseInteger(text: string): bigint | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text);
  if (/^0[0-7]+$/.test(text)) return BigInt(`0o${text.slice(1)}`);
  if (/^(0|[1-9][0-9]*)$/.test(text)) return BigInt(text);
  return undefined;
}

function integer(scalar: keyof typeof RANGES, t: Token, negative: boolean): { value: number } | string {
  const magnitude = t.kind === 'number' ? parseInteger(t.text) : undefined;
  if (magnitude === undefined) return `Expected integer, got: ${t.text}`;
  if (negative && scalar.startsWith('u')) return `Expected integer, got: -`;
  const value = negative ? -magnitude : magnitude;
  const [min, max] = RANGES[scalar];
  if (value < min || value > max) return `Integer out of range (${negative ? '-' : ''}${t.text})`;
  // int64 fields (dims, delays) are kept as JS numbers: exact to 2^53, far past any real shape or delay.
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
    return `Integer ${value} is beyond 2^53, which this reader cannot keep exactly`;
  return { value: Number(value) };
}

function float(t: Token, negative: boolean): { value: number } | string {
  let value: number | undefined;
  if (t.kind === 'number') {
    const integral = parseInteger(t.text);
    if (integral !== undefined) value = Number(integral);
    else if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fF]?$/.test(t.text)) value = Number(t.text.replace(/[fF]$/, ''));
  } else if (t.kind === 'ident') {
    const lower = t.text.toLowerCase();
    if (lower === 'inf' || lower === 'infinity') value = Number.POSITIVE_INFINITY;
    else if (lower === 'nan') value = Number.NaN;
  }
  if (value === undefined) return `Expected double, got: ${t.text}`;
  return { value: negative ? -value : value };
}

function bool(field: FieldDescriptor, t: Token): { value: boolean } | string {
  if (['true', 'True', 't', '1'].includes(t.text) && t.kind !== 'string') return { value: true };
  if (['false', 'False', 'f', '0'].includes(t.text) && t.kind !== 'string') return { value: false };
  return `Invalid value for boolean field "${field.name}". Value: "${t.text}".`;
}

function enumValue(field: FieldDescriptor, enumName: string, t: Token, negative: boolean): { value: string } | string {
  const names = enumValues(enumName);
  if (t.kind === 'ident' && !negative) {
    if (names.includes(t.text)) return { value: t.text };
    return `Unknown enumeration value of "${t.text}" for field "${field.name}".`;
  }
  if (t.kind === 'number') {
    const n = parseInteger(t.text);
    const name = n === undefined || negative ? undefined : names[Number(n)];
    if (name !== undefined) return { value: name };
    return `Unknown enumeration value of "${negative ? '-' : ''}${t.text}" for field "${field.name}".`;
  }
  return `Expected identifier, got: ${t.text}`;
}

/** Reads one non-string scalar or enum value of `field` from token `t` (after an optional `-`). */
export function parseScalar(field: FieldDescriptor, t: Token, negative: boolean): { value: unknown } | string {
  if (field.type.kind === 'enum') return enumValue(field, field.type.enum, t, negative);
  const scalar = (field.type as { scalar: ScalarType }).scalar;
  switch (scalar) {
    case 'bool':
      return negative ? `Invalid value for boolean field "${field.name}". Value: "-".` : bool(field, t);
    case 'float':
    case 'double':
      return float(t, negative);
    case 'string':
      return `Expected string, got: ${t.text}`;
    default:
      return integer(scalar, t, negative);
  }
}
