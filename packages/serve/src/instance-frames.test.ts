import type { Tensor } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { FrameReader, ReusingFrameReader } from './frame-reader.js';
import { decodeFrame, encodeFrame, FrameKind } from './instance-frames.js';

const tensors: Record<string, Tensor> = {
  'x/ü': { dtype: 'float32', shape: [2, 3], data: Float32Array.of(1, -2.5, 3, Number.NaN, 1e-30, 7) },
  odd: { dtype: 'uint8', shape: [3], data: Uint8Array.of(1, 2, 255) },
  wide: { dtype: 'int64', shape: [2], data: BigInt64Array.of(-(2n ** 62n), 5n) },
  half: { dtype: 'float16', shape: [1], data: Uint16Array.of(0x3c00) },
  words: { dtype: 'string', shape: [2], data: ['', 'héllo'] },
  scalar: { dtype: 'float64', shape: [], data: Float64Array.of(Math.PI) },
};

const join = (parts: Uint8Array[]) => Buffer.concat(parts);
const plain = (t: Tensor) => ({ dtype: t.dtype, shape: t.shape, data: Array.from(t.data as ArrayLike<unknown>) });

describe('instance frames', () => {
  it('carries every dtype, its shape and values, in a frame that ends on its declared length', () => {
    const bytes = join(encodeFrame(FrameKind.Result, 42, tensors, 1234));
    expect(bytes.readUInt32LE(0)).toBe(bytes.length - 4);
    const frame = decodeFrame(bytes);
    expect(frame).toMatchObject({ kind: FrameKind.Result, id: 42, runNs: 1234 });
    expect(Object.keys(frame.tensors)).toEqual(Object.keys(tensors));
    for (const [name, tensor] of Object.entries(tensors)) expect(plain(frame.tensors[name]!)).toEqual(plain(tensor));
    expect(frame.tensors.wide!.data).toBeInstanceOf(BigInt64Array);
  });

  it('reads a frame at an unaligned address by copying, and one cut into pieces of any size', () => {
    const bytes = join([...encodeFrame(FrameKind.Run, 7, tensors), ...encodeFrame(FrameKind.Error, 8, {}, 0, { code: 'E_X' })]);
    const shifted = Buffer.concat([Buffer.alloc(1), bytes]).subarray(1);
    for (const Reader of [FrameReader, ReusingFrameReader]) {
      // Whole frames in a piece, and a whole frame followed by part of the next one, too.
      const firstLength = bytes.readUInt32LE(0) + 4;
      for (const piece of [1, 3, 5, 64, firstLength + 5, bytes.length]) {
        // Read at once, as the instance does: the reusing reader's frames are views valid until the next push.
        const seen: { id: number; wide: unknown; body: string }[] = [];
        const reader = new Reader((bytes) => {
          const frame = decodeFrame(bytes);
          seen.push({ id: frame.id, wide: frame.tensors.wide && plain(frame.tensors.wide), body: Buffer.from(frame.body).toString('utf8') });
        });
        // The reusing reader gets one reused chunk buffer, as net.Socket's onread gives the instance.
        const chunk = new Uint8Array(piece);
        for (let at = 0; at < shifted.length; at += piece) {
          const part = shifted.subarray(at, at + piece);
          if (Reader === FrameReader) reader.push(part);
          else {
            chunk.set(part);
            reader.push(Buffer.from(chunk.buffer, 0, part.length));
          }
        }
        expect(seen.map((f) => f.id)).toEqual([7, 8]);
        expect(seen[0]!.wide).toEqual(plain(tensors.wide!));
        expect(JSON.parse(seen[1]!.body)).toEqual({ code: 'E_X' });
      }
    }
  });

  it('hands a frame that arrives whole in one read over as a view of the read buffer, not a copy', () => {
    const bytes = join(encodeFrame(FrameKind.Run, 9, tensors));
    const readBuffer = Buffer.allocUnsafeSlow(bytes.length + 64);
    bytes.copy(readBuffer);
    const handed: Buffer[] = [];
    new ReusingFrameReader((frame) => handed.push(frame)).push(readBuffer.subarray(0, bytes.length));
    expect(handed).toHaveLength(1);
    expect(handed[0]!.buffer).toBe(readBuffer.buffer);
    const x = decodeFrame(handed[0]!).tensors['x/ü']!;
    // The tensor is a view where the bytes lie (aligned), with the values sent.
    expect((x.data as Float32Array).buffer).toBe(readBuffer.buffer);
    expect(plain(x)).toEqual(plain(tensors['x/ü']!));
  });

  it("writes a dynamic batch's requests one after the other: the reader sees them joined along axis 0", () => {
    const a: Tensor = { dtype: 'float32', shape: [1, 2], data: Float32Array.of(1, 2) };
    const b: Tensor = { dtype: 'float32', shape: [2, 2], data: Float32Array.of(3, 4, 5, 6) };
    const words: Tensor[] = [
      { dtype: 'string', shape: [1], data: ['a'] },
      { dtype: 'string', shape: [2], data: ['', 'bc'] },
    ];
    const frame = decodeFrame(join(encodeFrame(FrameKind.Run, 1, { x: [a, b], w: words })));
    expect(plain(frame.tensors.x!)).toEqual({ dtype: 'float32', shape: [3, 2], data: [1, 2, 3, 4, 5, 6] });
    expect(plain(frame.tensors.w!)).toEqual({ dtype: 'string', shape: [3], data: ['a', '', 'bc'] });
  });
});
