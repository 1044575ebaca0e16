import { InvalidInputError } from '@pipeline/errors';
import type { FileWindow } from '../file-window.js';
import { LazyRawData } from './from-proto.js';
import type { Msg } from './values.js';
import { decodeWire, type MessageSpec, messageSpec } from './wire-decode.js';

/**
 * Decodes the message at [start, end) of a model file without loading tensor bytes. A message no
 * larger than `maxChunkBytes` is read and decoded in one piece, its TensorProto.raw_data fields left
 * in the file as `LazyRawData` (offset, length); a larger one is walked field by field: sub-messages
 * recurse, raw_data becomes a `LazyRawData`, and the remaining scalar fields are decoded together.
 * Peak memory is about one chunk, whatever the size of the weights.
 */
export function decodeSparse(type: MessageSpec, win: FileWindow, start: number, end: number, maxChunkBytes: number): Msg {
  if (end - start <= maxChunkBytes) {
    const chunk = win.read(start, end - start);
    return decodeChunk(type, chunk, win.file, start, true);
  }
  const subMessages = new Map<string, Msg[]>();
  const scalarFields: Buffer[] = [];
  let lazyRaw: LazyRawData | undefined;
  let pos = start;
  while (pos < end) {
    const fieldStart = pos;
    const [tag, afterTag] = win.varint(pos);
    const field = type.fields[Math.floor(tag / 8)];
    const wireType = tag & 7;
    if (wireType === 2) {
      const [length, valueStart] = win.varint(afterTag);
      const valueEnd = valueStart + length;
      if (valueEnd > end) win.truncated(fieldStart);
      if (field?.message) {
        const list = subMessages.get(field.name) ?? [];
        list.push(decodeSparse(field.message, win, valueStart, valueEnd, maxChunkBytes));
        subMessages.set(field.name, list);
      } else if (type.name === 'TensorProto' && field?.name === 'rawData') {
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
  const message = decodeChunk(type, Buffer.concat(scalarFields), win.file, start, false);
  for (const [name, values] of subMessages) message[name] = type.fields.find((f) => f?.name === name)?.repeated ? values : values.at(-1);
  if (lazyRaw) message.rawData = lazyRaw;
  return message;
}

function decodeChunk(type: MessageSpec, chunk: Uint8Array, file: string, at: number, lazyRaw: boolean): Msg {
  try {
    return decodeWire(type, chunk, 0, chunk.length, lazyRaw ? { lazyRawFrom: at } : {});
  } catch (error) {
    const reason = (error as Error).message;
    throw new InvalidInputError('E_ONNX_MALFORMED', `${file} is not a valid ONNX model: the ${type.name} at byte ${at} does not decode (${reason})`, {
      hint: 'the file may be truncated, corrupt, or not an ONNX model at all',
      cause: error,
    });
  }
}

/** Decodes a whole in-memory model, tensor bytes included (views into `bytes`); `file` names it in errors. */
export function decodeWhole(bytes: Uint8Array, file: string): Msg {
  return decodeChunk(messageSpec('ModelProto'), bytes, file, 0, false);
}

/** The ModelProto type, for `decodeSparse`. */
export const modelProtoSpec = (): MessageSpec => messageSpec('ModelProto');
