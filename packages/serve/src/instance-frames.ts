// The light entry: an instance process loads the encoder, not the HTTP client (undici).
import { tensorToBytes } from '@pipeline/kserve-client/tensor-bytes';
import { type DType, DTYPES, dtypeFromOnnx, elementCount, STORAGE_CLASS, type Tensor } from '@pipeline/tensor';

/**
 * The framing between the server and its model-instance processes: each frame is a 24-byte head (body
 * length, kind, request id, tensor count, the session's run time) then, for tensor frames, each tensor's
 * metadata and its raw bytes at an 8-byte-aligned offset, so the reader views them in place. Both ends are
 * the same machine and build, so numbers are in the platform's (little-endian) order. Tensors travel as
 * bytes, never as JSON or structured clones; the rare control answers (ready, failed, error) are JSON.
 */
export const FrameKind = { Ready: 1, Failed: 2, Run: 3, Result: 4, Error: 5, Close: 6 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export const FRAME_HEAD_BYTES = 24;
const TENSOR_HEAD_BYTES = 16;
const align8 = (n: number) => (n + 7) & ~7;

/** A decoded frame; `body` is what follows the head (JSON text for control frames). */
export interface Frame {
  kind: FrameKind;
  id: number;
  runNs: number;
  tensors: Record<string, Tensor>;
  body: Uint8Array;
}

function tensorBytes(tensor: Tensor): Uint8Array {
  // BYTES elements as the binary extension carries them (4-byte length, UTF-8): the client's encoder.
  if (tensor.dtype === 'string') return tensorToBytes(tensor);
  const data = tensor.data as Float32Array;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A frame's tensor: one tensor, or the requests of a dynamic batch joined along axis 0 — their bytes are
 * written one after the other into the frame, so the batch is never copied together in this process.
 */
export type FrameTensor = Tensor | readonly Tensor[];

function joinedShape(parts: readonly Tensor[]): number[] {
  const [first] = parts;
  if (first === undefined) throw new RangeError('a batch of no tensors');
  return [parts.reduce((n, t) => n + (t.shape[0] ?? 0), 0), ...first.shape.slice(1)];
}

/**
 * Encodes a frame as a list of buffers for one vectored write: the head and metadata in one buffer, and
 * each tensor's bytes as a view of its own storage (no copy) followed by padding.
 */
export function encodeFrame(kind: FrameKind, id: number, tensors: Readonly<Record<string, FrameTensor>> = {}, runNs = 0, json?: unknown): Uint8Array[] {
  const entries = Object.entries(tensors).map(([name, t]): [string, Tensor, Uint8Array[]] =>
    Array.isArray(t) ? [name, { ...t[0]!, shape: joinedShape(t) }, t.map(tensorBytes)] : [name, t as Tensor, [tensorBytes(t as Tensor)]],
  );
  const names = entries.map(([name]) => Buffer.from(name, 'utf8'));
  const datas = entries.map(([, , parts]) => parts);
  const byteLength = (parts: Uint8Array[]) => parts.reduce((n, p) => n + p.length, 0);
  const control = json === undefined ? undefined : Buffer.from(JSON.stringify(json), 'utf8');
  let metaBytes = FRAME_HEAD_BYTES;
  entries.forEach(([, t], i) => {
    metaBytes = align8(metaBytes + TENSOR_HEAD_BYTES + 8 * t.shape.length + names[i]!.length);
  });
  const head = Buffer.alloc(metaBytes + (control?.length ?? 0));
  let total = head.length;
  for (const parts of datas) total = align8(total + byteLength(parts));
  head.writeUInt32LE(total - 4, 0);
  head.writeUInt8(kind, 4);
  head.writeUInt32LE(id, 8);
  head.writeUInt32LE(entries.length, 12);
  head.writeDoubleLE(runNs, 16);
  let at = FRAME_HEAD_BYTES;
  entries.forEach(([, t], i) => {
    head.writeUInt8(DTYPES[t.dtype].onnx, at);
    head.writeUInt8(t.shape.length, at + 1);
    head.writeUInt16LE(names[i]!.length, at + 2);
    head.writeDoubleLE(byteLength(datas[i]!), at + 8);
    at += TENSOR_HEAD_BYTES;
    for (const dim of t.shape) {
      head.writeDoubleLE(dim, at);
      at += 8;
    }
    names[i]!.copy(head, at);
    at = align8(at + names[i]!.length);
  });
  control?.copy(head, at);
  const out: Uint8Array[] = [head];
  let written = head.length;
  for (const parts of datas) {
    out.push(...parts);
    written += byteLength(parts);
    const padding = align8(written) - written;
    if (padding > 0) out.push(new Uint8Array(padding));
    written += padding;
  }
  return out;
}

function readStrings(bytes: Buffer, count: number): string[] {
  const data: string[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const length = bytes.readUInt32LE(at);
    data.push(bytes.toString('utf8', at + 4, at + 4 + length));
    at += 4 + length;
  }
  return data;
}

/** A typed-array view of `bytes` when aligned for the dtype, else a copy (a view needs aligned memory). */
function viewOrCopy(bytes: Buffer, dtype: Exclude<DType, 'string'>, count: number): Tensor['data'] {
  const Storage = STORAGE_CLASS[dtype];
  const size = DTYPES[dtype].bytes;
  if (bytes.byteOffset % size === 0) return new Storage(bytes.buffer as ArrayBuffer, bytes.byteOffset, count);
  const copy = new Storage(count);
  new Uint8Array(copy.buffer).set(bytes);
  return copy;
}

/** Decodes one whole frame (its 4-byte length included, as `FrameReader` hands it over). */
export function decodeFrame(frame: Buffer): Frame {
  const kind = frame.readUInt8(4) as FrameKind;
  const id = frame.readUInt32LE(8);
  const count = frame.readUInt32LE(12);
  const runNs = frame.readDoubleLE(16);
  const metas: { name: string; dtype: DType; shape: number[]; byteLength: number }[] = [];
  let at = FRAME_HEAD_BYTES;
  for (let i = 0; i < count; i++) {
    const dtype = dtypeFromOnnx(frame.readUInt8(at));
    if (dtype === undefined) throw new RangeError(`frame of kind ${kind}: unknown dtype code ${frame.readUInt8(at)}`);
    const rank = frame.readUInt8(at + 1);
    const nameLength = frame.readUInt16LE(at + 2);
    const byteLength = frame.readDoubleLE(at + 8);
    at += TENSOR_HEAD_BYTES;
    const shape: number[] = [];
    for (let d = 0; d < rank; d++, at += 8) shape.push(frame.readDoubleLE(at));
    metas.push({ name: frame.toString('utf8', at, at + nameLength), dtype, shape, byteLength });
    at = align8(at + nameLength);
  }
  const tensors: Record<string, Tensor> = {};
  for (const meta of metas) {
    const bytes = frame.subarray(at, at + meta.byteLength);
    const elements = elementCount(meta.shape);
    const data = meta.dtype === 'string' ? readStrings(bytes, elements) : viewOrCopy(bytes, meta.dtype, elements);
    tensors[meta.name] = { dtype: meta.dtype, shape: meta.shape, data } as Tensor;
    at = align8(at + meta.byteLength);
  }
  return { kind, id, runNs, tensors, body: frame.subarray(at) };
}
