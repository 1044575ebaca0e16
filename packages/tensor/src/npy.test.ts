import { InvalidInputError } from '@pipeline/errors';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from './npy.js';
import type { Tensor } from './tensor.js';

/**
 * Builds .npy bytes by hand from the format spec (numpy.lib.format): magic, version, header length,
 * the header dict padded with spaces and "\n" to a multiple of 64 bytes, then the data.
 */
function npyBytes(header: string, data: number[], version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  let dict = header;
  while ((prefix + dict.length + 1) % 64 !== 0) dict += ' ';
  dict += '\n';
  const bytes = new Uint8Array(prefix + dict.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) bytes.set([dict.length & 0xff, dict.length >> 8], 8);
  else bytes.set([dict.length & 0xff, dict.length >> 8, 0, 0], 8);
  bytes.set(Array.from(dict, (c) => c.charCodeAt(0)), prefix);
  bytes.set(data, prefix + dict.length);
  return bytes;
}

describe('decodeNpy on bytes laid out per the format spec', () => {
  it('reads little-endian float32 (v1): 1.0 = 00 00 80 3f, -2.5 = 00 00 20 c0', () => {
    const t = decodeNpy(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", [0, 0, 0x80, 0x3f, 0, 0, 0x20, 0xc0]));
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2]);
    expect(Array.from(t.data as Float32Array)).toEqual([1, -2.5]);
  });

  it('reads from a Node Buffer that sits at an offset inside a larger buffer', () => {
    const file = npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", [1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
    const pool = Buffer.alloc(file.length + 3, 0x55);
    pool.set(file, 3);
    expect(Array.from(decodeNpy(pool.subarray(3)).data as Int32Array)).toEqual([1, -2]);
  });

  it('converts big-endian int64 and int16 (v2 header)', () => {
    const t = decodeNpy(npyBytes("{'descr': '>i8', 'fortran_order': False, 'shape': (1, 2), }", [0, 0, 0, 0, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe], 2));
    expect(t.shape).toEqual([1, 2]);
    expect(Array.from(t.data as BigInt64Array)).toEqual([256n, -2n]);
    const s = decodeNpy(npyBytes("{'descr': '>i2', 'fortran_order': False, 'shape': (2,), }", [0x01, 0x02, 0xff, 0xfe]));
    expect(Array.from(s.data as Int16Array)).toEqual([0x0102, -2]);
  });

  it('reads bool, uint8, float16 bits, a scalar and an empty array', () => {
    expect(Array.from(decodeNpy(npyBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", [1, 0, 1])).data as Uint8Array)).toEqual([1, 0, 1]);
    const half = decodeNpy(npyBytes("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", [0x00, 0x3c]));
    expect([half.dtype, ...(half.data as Uint16Array)]).toEqual(['float16', 0x3c00]);
    const scalar = decodeNpy(npyBytes("{'descr': '<u4', 'fortran_order': False, 'shape': (), }", [7, 0, 0, 0]));
    expect([scalar.shape, Array.from(scalar.data as Uint32Array)]).toEqual([[], [7]]);
    expect(decodeNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", [])).shape).toEqual([0, 3]);
  });

  it('reorders a Fortran-order 2x3 array to row-major', () => {
    // Column-major storage of [[1,2,3],[4,5,6]] is 1,4,2,5,3,6.
    const t = decodeNpy(npyBytes("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", [1, 4, 2, 5, 3, 6]));
    expect(Array.from(t.data as Uint8Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads fixed-width unicode and byte strings', () => {
    // '<U2' holds two UTF-32LE code units per element, NUL padded: ["hi", "é"].
    const u = decodeNpy(npyBytes("{'descr': '<U2', 'fortran_order': False, 'shape': (2,), }", [0x68, 0, 0, 0, 0x69, 0, 0, 0, 0xe9, 0, 0, 0, 0, 0, 0, 0]));
    expect(u.data).toEqual(['hi', 'é']);
    expect(decodeNpy(npyBytes("{'descr': '|S3', 'fortran_order': False, 'shape': (1,), }", [0x61, 0x62, 0])).data).toEqual(['ab']);
  });

  it('rejects corrupt and unsupported files with InvalidInputError naming the source', () => {
    const cases: [Uint8Array, string, RegExp][] = [
      [new TextEncoder().encode('PK\x03\x04 not npy'), 'E_NPY_CORRUPT', /magic/],
      [npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", [0, 0, 0x80, 0x3f]), 'E_NPY_CORRUPT', /needs 16 data bytes, the file has 4/],
      [npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", [0]), 'E_NPY_UNSUPPORTED', /dtype "\|O"/],
      [npyBytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 0]), 'E_NPY_UNSUPPORTED', /structured/],
    ];
    for (const [bytes, code, message] of cases) {
      let error: unknown;
      try {
        decodeNpy(bytes, 'data/x.npy');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).code).toBe(code);
      expect((error as InvalidInputError).message).toMatch(/^data\/x\.npy: /);
      expect((error as InvalidInputError).message).toMatch(message);
    }
  });
});

describe('encodeNpy', () => {
  it('writes the header numpy writes, aligned to 64 bytes', () => {
    const bytes = encodeNpy({ dtype: 'float32', shape: [2, 3], data: new Float32Array(6) });
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder('latin1').decode(bytes.subarray(10, 10 + headerLength));
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
  });

  const tensors: Tensor[] = [
    { dtype: 'float64', shape: [2, 2], data: Float64Array.of(0.1, -1e300, Number.NaN, 4) },
    { dtype: 'int64', shape: [3], data: BigInt64Array.of(-(2n ** 62n), 0n, 5n) },
    { dtype: 'uint64', shape: [1], data: BigUint64Array.of(2n ** 64n - 1n) },
    { dtype: 'int8', shape: [2], data: Int8Array.of(-128, 127) },
    { dtype: 'uint16', shape: [], data: Uint16Array.of(65535) },
    { dtype: 'float16', shape: [1, 1], data: Uint16Array.of(0x7bff) },
    { dtype: 'bool', shape: [2], data: Uint8Array.of(0, 1) },
    { dtype: 'string', shape: [2], data: ['label', '🙂x'] },
  ];
  it.each(tensors)('round-trips $dtype', (tensor) => {
    const back = decodeNpy(encodeNpy(tensor));
    expect(back.dtype).toBe(tensor.dtype);
    expect(back.shape).toEqual(tensor.shape);
    expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(tensor.data as ArrayLike<unknown>));
  });

  it('refuses bfloat16, which numpy cannot hold', () => {
    expect(() => encodeNpy({ dtype: 'bfloat16', shape: [1], data: Uint16Array.of(0) })).toThrow(InvalidInputError);
  });
});
