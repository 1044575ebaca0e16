import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@pipeline/errors';
import { decodeTensorProto, encodeTensorProto } from '@pipeline/onnx';
import type { Tensor } from '@pipeline/tensor';
import { wireFields } from '../../../test/support/onnx-wire.js';

// A hand-rolled encoder for the few TensorProto fields these tests need (dims = 1, data_type = 2,
// float_data = 4 packed, int32_data = 5 packed, int64_data = 7 packed, name = 8, raw_data = 9),
// independent of the protobufjs schema under test.
const varint = (n: bigint): number[] => {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return out;
};
const lengthDelimited = (field: number, bytes: number[] | Uint8Array) => [...varint(BigInt((field << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes];
const varintField = (field: number, n: bigint) => [...varint(BigInt(field << 3)), ...varint(n)];

describe('encodeTensorProto / decodeTensorProto', () => {
  const cases: Tensor[] = [
    { dtype: 'float32', shape: [2, 3], data: Float32Array.from([1.5, -2, 0, 3.25, 1e-30, -7]) },
    { dtype: 'float16', shape: [3], data: Uint16Array.from([0x3c00, 0xc000, 0x7bff]) },
    { dtype: 'bfloat16', shape: [2], data: Uint16Array.from([0x3f80, 0xbf80]) },
    { dtype: 'int64', shape: [3], data: BigInt64Array.from([9223372036854775807n, -9223372036854775808n, -1n]) },
    { dtype: 'uint64', shape: [1], data: BigUint64Array.from([18446744073709551615n]) },
    { dtype: 'bool', shape: [4], data: Uint8Array.from([1, 0, 0, 1]) },
    { dtype: 'int8', shape: [2], data: Int8Array.from([-128, 127]) },
    { dtype: 'uint32', shape: [1], data: Uint32Array.from([4294967295]) },
    { dtype: 'float64', shape: [], data: Float64Array.from([Math.PI]) },
    { dtype: 'string', shape: [2], data: ['héllo', ''] },
    { dtype: 'float32', shape: [0, 4], data: new Float32Array(0) },
  ];
  for (const tensor of cases) {
    it(`round-trips ${tensor.dtype} [${tensor.shape.join(',')}]`, () => {
      const back = decodeTensorProto(encodeTensorProto('t', tensor));
      expect(back.name).toBe('t');
      expect(back.tensor.dtype).toBe(tensor.dtype);
      expect(back.tensor.shape).toEqual(tensor.shape);
      expect(Array.from(back.tensor.data as ArrayLike<unknown>)).toEqual(Array.from(tensor.data as ArrayLike<unknown>));
    });
  }

  it('writes raw_data little-endian under the spec field numbers', () => {
    const bytes = encodeTensorProto('w', { dtype: 'int32', shape: [2], data: Int32Array.from([1, 0x01020304]) });
    const fields = wireFields(bytes);
    expect(fields.filter((f) => f.field === 1).map((f) => f.value)).toEqual([2n]);
    expect(fields.find((f) => f.field === 2)?.value).toBe(6n);
    expect(Array.from(fields.find((f) => f.field === 9)?.value as Uint8Array)).toEqual([1, 0, 0, 0, 4, 3, 2, 1]);
  });

  it('reads the typed repeated fields (float_data, int32_data for float16, int64_data)', () => {
    const floats = new Uint8Array(Float32Array.from([0.5, -1]).buffer);
    const f32 = Uint8Array.from([...varintField(1, 2n), ...varintField(2, 1n), ...lengthDelimited(4, floats), ...lengthDelimited(8, [0x61])]);
    const decoded = decodeTensorProto(f32);
    expect(decoded).toMatchObject({ name: 'a', tensor: { dtype: 'float32', shape: [2] } });
    expect(Array.from(decoded.tensor.data as Float32Array)).toEqual([0.5, -1]);

    const f16 = Uint8Array.from([...varintField(1, 1n), ...varintField(2, 10n), ...lengthDelimited(5, varint(0x3c00n))]);
    expect(Array.from(decodeTensorProto(f16).tensor.data as Uint16Array)).toEqual([0x3c00]);

    const i64 = Uint8Array.from([...varintField(2, 7n), ...lengthDelimited(7, varint(-5n))]);
    const scalar = decodeTensorProto(i64);
    expect(scalar.tensor.shape).toEqual([]);
    expect(Array.from(scalar.tensor.data as BigInt64Array)).toEqual([-5n]);
  });

  it('rejects a data length that does not match the dims, naming the source', () => {
    const bad = Uint8Array.from([...varintField(1, 3n), ...varintField(2, 1n), ...lengthDelimited(9, [0, 0, 0, 0])]);
    expect(() => decodeTensorProto(bad, { source: 'input_0.pb' })).toThrow(InvalidInputError);
    expect(() => decodeTensorProto(bad, { source: 'input_0.pb' })).toThrow(/input_0\.pb.*4 bytes.*need 12/);
  });

  it('rejects bytes that are not protobuf', () => {
    expect(() => decodeTensorProto(Uint8Array.from([0x0a, 0xff]), { source: 'x.pb' })).toThrow(/x\.pb is not a valid ONNX TensorProto/);
  });
});
