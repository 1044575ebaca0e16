import { closeSync, openSync, readSync } from 'node:fs';
import { InvalidInputError } from '@pipeline/errors';
import { DTYPES, type DType, type DTypeStorage, elementCount, type Tensor } from '@pipeline/tensor';
import type { OnnxTensorProto, TensorData } from './model.js';
import { type FromProtoContext, tensorProtoFromMessage } from './proto/from-proto.js';
import { protoTypes } from './proto/schema.js';
import { tensorProtoToMessage } from './proto/to-proto.js';
import { decodeUtf8, encodeUtf8 } from './proto/values.js';
import { decodeWire, messageSpec } from './proto/wire-decode.js';

/** Reads `length` bytes at `offset` of a file: how lazy and external tensor data is fetched, one tensor at a time. */
export function readFileRange(file: string, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, offset + done);
      if (n === 0) throw new InvalidInputError('E_ONNX_EXTERNAL_DATA', `${file} ends before byte ${offset + length} that a tensor needs`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** The raw little-endian bytes of a tensor stored as raw_data, lazily in the model file, or in an external file. */
export function tensorRawBytes(data: TensorData, byteLength: number): Uint8Array | undefined {
  switch (data.location) {
    case 'raw':
      return data.bytes;
    case 'lazy':
      return readFileRange(data.file, data.offset, data.length);
    case 'external':
      return readFileRange(data.file, data.offset, data.length ?? byteLength);
    default:
      return undefined;
  }
}

/**
 * Decodes an ONNX `TensorProto` (a `.pb` file of the ONNX test-data layout) into its name and a Tensor.
 * Handles raw_data and the typed repeated fields; `source` names the file in errors.
 */
export function decodeTensorProto(bytes: Uint8Array, options: { source?: string } = {}): { name: string; tensor: Tensor } {
  const source = options.source ?? 'TensorProto';
  let message: Record<string, unknown>;
  try {
    message = decodeWire(messageSpec('TensorProto'), bytes, 0, bytes.length);
  } catch (error) {
    throw new InvalidInputError('E_ONNX_TENSOR_MALFORMED', `${source} is not a valid ONNX TensorProto: ${(error as Error).message}`, { cause: error });
  }
  const ctx: FromProtoContext = { file: undefined, modelDir: '.' };
  const tp = tensorProtoFromMessage(message, ctx);
  if (tp.data.location === 'external') {
    throw new InvalidInputError('E_ONNX_TENSOR_EXTERNAL', `${source}: tensor ${tp.name || '(unnamed)'} keeps its data in an external file, which a lone TensorProto cannot resolve`);
  }
  return { name: tp.name, tensor: tensorFromProto(tp, { source }) };
}

/** Encodes a Tensor as an ONNX `TensorProto` (raw_data, little-endian; strings in string_data). */
export function encodeTensorProto(name: string, tensor: Tensor): Uint8Array {
  return protoTypes().TensorProto.encode(tensorProtoToMessage(tensorToProto(name, tensor), { readLazy: () => new Uint8Array() })).finish();
}

/** A Tensor as a `TensorProto` of the object model (raw data), e.g. to add an initializer. */
export function tensorToProto(name: string, tensor: Tensor): OnnxTensorProto {
  const info = DTYPES[tensor.dtype];
  const data: TensorData =
    tensor.dtype === 'string'
      ? { location: 'fields', values: (tensor.data as string[]).map(encodeUtf8) }
      : { location: 'raw', bytes: bytesOf(tensor.data as Exclude<DTypeStorage[DType], string[]>) };
  return { name, dataType: info.onnx, dtype: tensor.dtype, dims: tensor.shape.slice(), docString: '', data };
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  // Typed arrays hold host byte order, which is little-endian on every platform Node ships for.
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * The values of a `TensorProto` as a Tensor. Lazy and external data is read from its file here, so
 * call it only for the tensors you need.
 */
export function tensorFromProto(tp: OnnxTensorProto, options: { source?: string } = {}): Tensor {
  const source = options.source ?? tp.name;
  const dtype = tp.dtype;
  if (dtype === undefined) {
    throw new InvalidInputError('E_ONNX_DTYPE_UNSUPPORTED', `${source}: tensor ${tp.name} has ONNX data type ${tp.dataType}, which @pipeline/tensor does not model`);
  }
  const count = elementCount(tp.dims);
  const size = DTYPES[dtype].bytes;
  const raw = tensorRawBytes(tp.data, count * size);
  let data: DTypeStorage[DType];
  if (raw !== undefined) {
    if (dtype === 'string') throw new InvalidInputError('E_ONNX_TENSOR_MALFORMED', `${source}: string tensor ${tp.name} has raw_data, which ONNX forbids`);
    if (raw.byteLength !== count * size) {
      throw new InvalidInputError('E_ONNX_TENSOR_MALFORMED', `${source}: tensor ${tp.name} has ${raw.byteLength} bytes of data, but dims [${tp.dims.join(', ')}] of ${dtype} need ${count * size}`);
    }
    // A fresh copy: protobufjs hands out Buffer views, whose `slice` does not copy and whose offset may be unaligned.
    data = typedFromBytes(dtype, new Uint8Array(raw), count);
  } else {
    const values = tp.data.location === 'fields' ? tp.data.values : [];
    if (values.length !== count) {
      throw new InvalidInputError('E_ONNX_TENSOR_MALFORMED', `${source}: tensor ${tp.name} has ${values.length} values, but dims [${tp.dims.join(', ')}] need ${count}`);
    }
    data = typedFromFields(dtype, values);
  }
  return { dtype, shape: tp.dims.slice(), data } as Tensor;
}

function typedFromBytes(dtype: Exclude<DType, 'string'>, copy: Uint8Array, count: number): DTypeStorage[DType] {
  const b = copy.buffer;
  switch (dtype) {
    case 'float32': return new Float32Array(b, 0, count);
    case 'float64': return new Float64Array(b, 0, count);
    case 'float16':
    case 'bfloat16':
    case 'uint16': return new Uint16Array(b, 0, count);
    case 'int8': return new Int8Array(b, 0, count);
    case 'uint8':
    case 'bool': return new Uint8Array(b, 0, count);
    case 'int16': return new Int16Array(b, 0, count);
    case 'int32': return new Int32Array(b, 0, count);
    case 'uint32': return new Uint32Array(b, 0, count);
    case 'int64': return new BigInt64Array(b, 0, count);
    case 'uint64': return new BigUint64Array(b, 0, count);
  }
}

function typedFromFields(dtype: DType, values: number[] | bigint[] | Uint8Array[]): DTypeStorage[DType] {
  const nums = () => values as number[];
  const bigs = () => values as bigint[];
  switch (dtype) {
    case 'string': return (values as Uint8Array[]).map(decodeUtf8);
    case 'float32': return Float32Array.from(nums());
    case 'float64': return Float64Array.from(nums());
    case 'float16':
    case 'bfloat16':
    case 'uint16': return Uint16Array.from(nums());
    case 'int8': return Int8Array.from(nums());
    case 'uint8':
    case 'bool': return Uint8Array.from(nums());
    case 'int16': return Int16Array.from(nums());
    case 'int32': return Int32Array.from(nums());
    case 'uint32': return Uint32Array.from(bigs(), Number);
    case 'int64': return BigInt64Array.from(bigs());
    case 'uint64': return BigUint64Array.from(bigs());
  }
}
