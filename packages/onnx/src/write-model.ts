import { writeFile } from 'node:fs/promises';
import { InvalidInputError } from '@pipeline/errors';
import { type ExternalDataLayout, writeExternalData } from './external-data-writer.js';
import { externalDataFiles, tensorByteSize } from './facts.js';
import type { OnnxModel, OnnxTensorProto, TensorData } from './model.js';
import { type EncodeIo, modelToMessage } from './proto/to-proto.js';
import { protoTypes } from './proto/schema.js';
import { readFileRange } from './tensor-proto.js';

export type { ExternalDataLayout } from './external-data-writer.js';

/** Protobuf refuses messages of 2 GiB and more: a model file past this must keep weights in external data. */
export const PROTOBUF_LIMIT_BYTES = 2 ** 31 - 1;

export interface WriteModelOptions {
  /**
   * Where tensor bytes go. `keep` (default): as the model holds them; external-data references are
   * written as they are, so their side files must sit beside wherever the model is written. `inline`:
   * every tensor's bytes in the model file, side files read now (refused past `PROTOBUF_LIMIT_BYTES`).
   * A layout: initializers in one new side file beside the model, the rest inline; the model then
   * references no other file.
   */
  externalData?: 'keep' | 'inline' | ExternalDataLayout;
}

/** What `writeModel` wrote besides the model: the external-data files it needs, as it names them. */
export interface WrittenModel {
  externalData: string[];
}

/**
 * Encodes a model as ONNX protobuf bytes. Lazy tensors (read with `loadWeights: false`) are read from
 * their source file now; external-data references are written as they are, so the side files must sit
 * beside wherever the bytes end up.
 */
export function encodeModel(model: OnnxModel): Uint8Array {
  return encodeWith(model, { readLazy: readFileRange });
}

/**
 * Writes a model to `path`. Safe to write over the file it was read from, and over a side file it reads:
 * the new side file is written under a temporary name and renamed once every byte has been read.
 */
export async function writeModel(model: OnnxModel, path: string, options: WriteModelOptions = {}): Promise<WrittenModel> {
  const layout = options.externalData ?? 'keep';
  if (layout === 'keep') {
    await writeFile(path, encodeModel(model));
    return { externalData: externalDataFiles(model) };
  }
  if (layout === 'inline') {
    const size = inlineModelBytes(model);
    if (size > PROTOBUF_LIMIT_BYTES) {
      throw new InvalidInputError('E_ONNX_TOO_LARGE', `${path}: the model would be ${size} bytes with its weights inline, past protobuf's 2 GiB limit`, {
        hint: 'write it with externalData: { file } so the weights go to a side file',
      });
    }
    await writeFile(path, encodeWith(model, { readLazy: readFileRange, dataOf: inlined }));
    return { externalData: [] };
  }
  const side = await writeExternalData(model, path, layout);
  try {
    const bytes = encodeWith(model, { readLazy: readFileRange, dataOf: (t) => side.placed.get(t) ?? inlined(t) });
    await side.commit();
    await writeFile(path, bytes);
  } catch (error) {
    await side.discard();
    throw error;
  }
  return { externalData: side.placed.size > 0 ? [layout.file] : [] };
}

/**
 * The size of the model's file with every tensor inline, without reading any weights: the encoded graph
 * plus each tensor's bytes and room for the longer length prefixes. Compare it with `PROTOBUF_LIMIT_BYTES`.
 */
export function inlineModelBytes(model: OnnxModel): number {
  const empty = new Uint8Array();
  let data = 0;
  const structure = encodeWith(model, {
    readLazy: () => empty,
    dataOf: (t) => {
      if (t.data.location === 'fields') return t.data;
      // raw_data's tag and length, and up to 4 more bytes of length prefix in each enclosing message.
      data += tensorByteSize(t) + 40;
      return { location: 'raw', bytes: empty };
    },
  });
  return structure.byteLength + data;
}

function encodeWith(model: OnnxModel, io: EncodeIo): Uint8Array {
  return protoTypes().ModelProto.encode(modelToMessage(model, io)).finish();
}

/** A tensor's data with an external reference replaced by the bytes it points at. */
function inlined(t: OnnxTensorProto): TensorData {
  const data = t.data;
  if (data.location !== 'external') return data;
  return { location: 'raw', bytes: readFileRange(data.file, data.offset, data.length ?? tensorByteSize(t)) };
}
