import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '@pipeline/errors';
import { describe, expect, it } from 'vitest';
import { decodeNpz, encodeNpz } from './npz.js';
import { decodeRaw, encodeRaw, parseRawBindingFileName, rawBindingFileName } from './raw.js';
import type { Tensor } from './tensor.js';

const arrays: Record<string, Tensor> = {
  image: { dtype: 'float32', shape: [1, 2, 2], data: Float32Array.of(0.5, -1, 2, 3) },
  ids: { dtype: 'int64', shape: [2], data: BigInt64Array.of(1n, -7n) },
};

describe('npz', () => {
  it.each([false, true])('round-trips arrays by name (compress=%s) with the zip method the flag asks for', (compress) => {
    const bytes = encodeNpz(arrays, { compress });
    // Zip local file header: "PK\x03\x04", then version(2), flags(2), method(2): 0 stored, 8 deflated.
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(bytes[8]! | (bytes[9]! << 8)).toBe(compress ? 8 : 0);
    const back = decodeNpz(bytes);
    expect(Object.keys(back).sort()).toEqual(['ids', 'image']);
    expect(Array.from(back.image!.data as Float32Array)).toEqual([0.5, -1, 2, 3]);
    expect(back.ids!.shape).toEqual([2]);
    expect(Array.from(back.ids!.data as BigInt64Array)).toEqual([1n, -7n]);
  });

  it('is byte-for-byte reproducible', () => {
    expect(Buffer.from(encodeNpz(arrays)).equals(Buffer.from(encodeNpz(arrays)))).toBe(true);
  });

  it('rejects a file that is not a zip', () => {
    expect(() => decodeNpz(new TextEncoder().encode('not a zip at all'), 'in.npz')).toThrow(InvalidInputError);
  });
});

describe('raw binary', () => {
  it('decodes little-endian bytes given dtype and shape: 1.0f = 00 00 80 3f', () => {
    const t = decodeRaw(Uint8Array.of(0, 0, 0x80, 0x3f, 0, 0, 0, 0x40), 'float32', [2, 1]);
    expect(Array.from(t.data as Float32Array)).toEqual([1, 2]);
    expect(Array.from(encodeRaw(t))).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]);
  });

  it('rejects a size that does not match dtype and shape', () => {
    expect(() => decodeRaw(new Uint8Array(10), 'float32', [3], 'x.raw')).toThrow(/x\.raw: 10 bytes, but float32 \[3\] needs 12/);
  });

  it('reads the file name trtexec used in a recorded --loadInputs run', () => {
    const log = readFileSync(
      path.resolve(import.meta.dirname, '../../../test/fixtures/recorded/trtexec/trt10.16-mnist-loadEngine-loadInputs-dumpOutput-success.log'),
      'utf8',
    );
    const fileName = /Using values loaded from (\S+) for input (\S+)/.exec(log)!;
    const binding = /Input binding for (\S+) with dimensions (\S+) and type (\S+) is created/.exec(log)!;
    const parsed = parseRawBindingFileName(fileName[1]!)!;
    expect(parsed.tensorName).toBe(fileName[2]);
    expect(parsed.direction).toBe('input');
    expect(parsed.shape).toEqual(binding[2]!.split('x').map(Number));
    expect(binding[3]).toBe('fp32');
    expect(parsed.dtype).toBe('float32');
    expect(rawBindingFileName(parsed.tensorName, 'input', parsed)).toBe(fileName[1]);
  });

  it('keeps dots inside tensor names and ignores other names', () => {
    expect(parseRawBindingFileName('softmax_0.tmp_0.output.4.2.fp16.raw')).toEqual({ tensorName: 'softmax_0.tmp_0', direction: 'output', shape: [4, 2], dtype: 'float16' });
    expect(parseRawBindingFileName('image.bin')).toBeUndefined();
  });
});
