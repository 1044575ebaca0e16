import { InvalidInputError } from '@pipeline/errors';
import type { FileWindow } from '../file-window.js';
import { LazyRawData } from './from-proto.js';
import { proto, protobuf } from './schema.js';
import type { Msg } from './values.js';

/**
 * Decodes the message at [start, end) of a model file without loading tensor bytes. A message no
 * larger than `maxChunkBytes` is read and decoded by protobufjs in one piece; a larger one is walked
 * field by field: sub-messages recurse, TensorProto.raw_data becomes a `LazyRawData` (offset, length),
 * and the remaining scalar fields are decoded together. Peak memory is about one chunk, whatever
 * the size of the weights.
 */
export function decodeSparse(type: protobuf.Type, win: FileWindow, start: number, end: number, maxChunkBytes: number): Msg {
  if (end - start <= maxChunkBytes) {
    const chunk = win.read(start, end - start);
    const message = decodeChunk(type, chunk, win.file, start);
    markLazy(type, message, chunk, start);
    return message;
  }
  const subMessages = new Map<string, Msg[]>();
  const scalarFields: Buffer[] = [];
  let lazyRaw: LazyRawData | undefined;
  let pos = start;
  while (pos < end) {
    const fieldStart = pos;
    const [tag, afterTag] = win.varint(pos);
    const field = type.fieldsById[Math.floor(tag / 8)];
    const wireType = tag & 7;
    if (wireType === 2) {
      const [length, valueStart] = win.varint(afterTag);
      const valueEnd = valueStart + length;
      if (valueEnd > end) win.truncated(fieldStart);
      if (field?.resolvedType instanceof protobuf.Type) {
        const list = subMessages.get(field.name) ?? [];
        list.push(decodeSparse(field.resolvedType, win, valueStart, valueEnd, maxChunkBytes));
        subMessages.set(field.name, list);
      } else if (type === proto.TensorProto && field?.name === 'rawData') {
        lazyRaw = new LazyRawData(valueStart, length);
      } else {
        scalarFields.push(win.read(fieldStart, valueEnd - fieldStart));
      }
      pos = valueEnd;
    } else {
      const valueEnd = wireType === 0 ? win.varint(afterTag)[1] : wireType === 1 ? afterTag + 8 : wireType === 5 ? afterTag + 4 : -1;
      if (valueEnd < 0) {
        throw new InvalidInputError('E_ONNX_MALFORMED', `${win.file} is not a valid ONNX model: unexpected protobuf wire type ${wireType} at byte ${fieldStart}`);
      }
      if (valueEnd > end) win.truncated(fieldStart);
      scalarFields.push(win.read(fieldStart, valueEnd - fieldStart));
      pos = valueEnd;
    }
  }
  const message = decodeChunk(type, Buffer.concat(scalarFields), win.file, start);
  for (const [name, values] of subMessages) message[name] = type.fields[name]?.repeated ? values : values.at(-1);
  if (lazyRaw) message.rawData = lazyRaw;
  return message;
}

function decodeChunk(type: protobuf.Type, chunk: Uint8Array, file: string, at: number): Msg {
  try {
    return type.decode(chunk) as unknown as Msg;
  } catch (error) {
    const reason = (error as Error).message;
    throw new InvalidInputError('E_ONNX_MALFORMED', `${file} is not a valid ONNX model: the ${type.name} at byte ${at} does not decode (${reason})`, {
      hint: 'the file may be truncated, corrupt, or not an ONNX model at all',
      cause: error,
    });
  }
}

/** Replaces every TensorProto.raw_data view into `chunk` with where it lies in the file, so the chunk can be freed. */
export function markLazy(type: protobuf.Type, message: Msg, chunk: Uint8Array, chunkOffset: number): void {
  for (const field of type.fieldsArray) {
    if (!Object.hasOwn(message, field.name)) continue;
    const value = message[field.name];
    if (type === proto.TensorProto && field.name === 'rawData' && value instanceof Uint8Array) {
      message.rawData = new LazyRawData(chunkOffset + (value.byteOffset - chunk.byteOffset), value.byteLength);
    } else if (field.resolvedType instanceof protobuf.Type) {
      const items = field.repeated ? (value as Msg[]) : [value as Msg];
      for (const item of items) markLazy(field.resolvedType, item, chunk, chunkOffset);
    }
  }
}

/** Decodes a whole in-memory model; `file` names it in errors. */
export function decodeWhole(bytes: Uint8Array, file: string): Msg {
  return decodeChunk(proto.ModelProto, bytes, file, 0);
}
