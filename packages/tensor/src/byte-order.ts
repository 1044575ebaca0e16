import { type DType, DTYPES, type DTypeStorage } from './dtype.js';
import { STORAGE_CLASS } from './storage.js';

const hostIsLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Reverses each `width`-byte group in place: big-endian ↔ little-endian. */
function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let at = 0; at < bytes.length; at += width) bytes.subarray(at, at + width).reverse();
}

/**
 * Decodes `count` fixed-width elements of `dtype` from bytes in the given byte order. The bytes are
 * copied first, so the result is aligned and owns its memory whatever buffer the bytes sat in.
 */
export function decodeElements<D extends Exclude<DType, 'string'>>(bytes: Uint8Array, dtype: D, count: number, littleEndian = true): DTypeStorage[D] {
  const width = DTYPES[dtype].bytes;
  // Not bytes.slice(): on a Node Buffer that is a view into the shared pool, not a copy.
  const copy = new Uint8Array(count * width);
  copy.set(bytes.subarray(0, count * width));
  if (littleEndian !== hostIsLittleEndian) swapBytes(copy, width);
  const StorageClass = STORAGE_CLASS[dtype] as new (buffer: ArrayBuffer, byteOffset: number, length: number) => DTypeStorage[D];
  return new StorageClass(copy.buffer, 0, count);
}

/** The bytes of a fixed-width storage array in the given byte order (a fresh copy). */
export function encodeElements(data: Exclude<DTypeStorage[DType], string[]>, littleEndian = true): Uint8Array {
  const copy = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (littleEndian !== hostIsLittleEndian) swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}
