import { writeFile } from 'node:fs/promises';
import type { OnnxModel } from './model.js';
import { proto } from './proto/schema.js';
import { modelToMessage } from './proto/to-proto.js';
import { readFileRange } from './tensor-proto.js';

/**
 * Encodes a model as ONNX protobuf bytes. Lazy tensors (read with `loadWeights: false`) are read from
 * their source file now; external-data references are written as they are, so the side files must sit
 * beside wherever the bytes end up.
 */
export function encodeModel(model: OnnxModel): Uint8Array {
  return proto.ModelProto.encode(modelToMessage(model, readFileRange)).finish();
}

/** Writes a model to `path` (see `encodeModel`). Safe to write over the file it was read from. */
export async function writeModel(model: OnnxModel, path: string): Promise<void> {
  await writeFile(path, encodeModel(model));
}
