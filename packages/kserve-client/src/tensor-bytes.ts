import { type DType, DTYPES, decodeRaw, elementCount, encodeRaw, KSERVE_DATATYPES, STORAGE_CLASS, type Tensor } from '@pipeline/tensor';
import { malformed } from './errors.js';

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const DTYPE_BY_DATATYPE = new Map<string, DType>(Object.entries(KSERVE_DATATYPES).map(([dtype, datatype]) => [datatype, dtype as DType]));

/** Our dtype for a v2 datatype name (`FP32` → float32, `BYTES` → string); undefined when unknown. */
export function dtypeFromDatatype(datatype: string): DType | undefined {
  return DTYPE_BY_DATATYPE.get(datatype);
}

/** The v2 datatype name of one of our dtypes. */
export function datatypeOf(dtype: DType): string {
  return KSERVE_DATATYPES[dtype];
}

/**
 * A tensor's bytes as the binary tensor extension carries them: little-endian, row-major; BOOL one byte;
 * BYTES each element as a 4-byte little-endian length and its UTF-8 bytes. On a little-endian host a
 * numeric tensor's bytes are a view of its storage, not a copy.
 */
export function tensorToBytes(tensor: Tensor): Uint8Array {
  if (tensor.dtype !== 'string') {
    // On a little-endian host the storage already is the wire form: a view, which the body's join copies once.
    const data = tensor.data as Float32Array;
    if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return encodeRaw(tensor);
  }
  const parts = (tensor.data as string[]).map((s) => Buffer.from(s, 'utf8'));
  const out = Buffer.alloc(parts.reduce((n, p) => n + 4 + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.writeUInt32LE(part.length, at);
    part.copy(out, at + 4);
    at += 4 + part.length;
  }
  return out;
}

/**
 * Reads a tensor from binary-extension bytes; the byte count must match the datatype and shape. Aligned
 * bytes on a little-endian host become a view of them, not a copy: the caller must not reuse the buffer.
 */
export function tensorFromBytes(bytes: Uint8Array, datatype: string, shape: readonly number[], name: string): Tensor {
  const dtype = dtypeFromDatatype(datatype);
  if (dtype === undefined) throw malformed(`tensor "${name}": unknown datatype ${JSON.stringify(datatype)}`);
  const count = elementCount(shape);
  if (dtype !== 'string') {
    const expected = count * DTYPES[dtype].bytes;
    if (bytes.length !== expected) throw malformed(`tensor "${name}": ${datatype} [${shape.join(', ')}] needs ${expected} bytes, the binary part has ${bytes.length}`);
    // Aligned bytes on a little-endian host are viewed where they lie (the body stays alive with the tensor);
    // anything else is copied into fresh storage.
    if (HOST_IS_LITTLE_ENDIAN && bytes.byteOffset % DTYPES[dtype].bytes === 0) {
      return { dtype, shape: [...shape], data: new STORAGE_CLASS[dtype](bytes.buffer as ArrayBuffer, bytes.byteOffset, count) } as Tensor;
    }
    return decodeRaw(bytes, dtype, shape, name);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data: string[] = [];
  let at = 0;
  while (at < buffer.length) {
    if (at + 4 > buffer.length) throw malformed(`tensor "${name}": a BYTES element's 4-byte length is cut short at byte ${at}`);
    const length = buffer.readUInt32LE(at);
    if (at + 4 + length > buffer.length) throw malformed(`tensor "${name}": a BYTES element of ${length} bytes runs past the binary part`);
    data.push(buffer.toString('utf8', at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (data.length !== count) throw malformed(`tensor "${name}": BYTES [${shape.join(', ')}] needs ${count} elements, the binary part holds ${data.length}`);
  return { dtype: 'string', shape: [...shape], data };
}
