import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InvalidInputError } from '@pipeline/errors';
import { FileWindow } from './file-window.js';
import type { OnnxModel } from './model.js';
import { modelFromMessage } from './proto/from-proto.js';
import { decodeSparse, decodeWhole, modelProtoSpec } from './proto/sparse-decode.js';
import { walkTensors } from './walk.js';

export interface ReadModelOptions {
  /**
   * Read every tensor's bytes into memory (needed to edit or convert weights). Default false: raw_data
   * stays in the file as `lazy` offsets, so inspecting a multi-GB model reads little more than its
   * graph. External data is never loaded here (only checked); `tensorFromProto` reads it on demand.
   */
  loadWeights?: boolean;
  /** Messages up to this size are decoded in one piece; larger ones are walked field by field. Default 16 MiB. */
  maxChunkBytes?: number;
}

/** The newest IR version ONNX has defined is 11; allow headroom, but reject numbers no ONNX file has. */
const MAX_IR_VERSION = 64;

/**
 * Reads an ONNX model file into the typed object model. Malformed files (empty, truncated, not ONNX,
 * external data missing) throw `InvalidInputError` naming the file, before any runtime sees them.
 */
export async function readModel(path: string, options: ReadModelOptions = {}): Promise<OnnxModel> {
  const file = resolve(path);
  const size = fileSize(file, path);
  if (size === 0) throw new InvalidInputError('E_ONNX_EMPTY', `${path} is empty (0 bytes), not an ONNX model`);
  const loadWeights = options.loadWeights ?? false;
  const maxChunkBytes = loadWeights ? Number.POSITIVE_INFINITY : (options.maxChunkBytes ?? 16 * 1024 * 1024);
  const win = openWindow(file, size, path);
  let message: Record<string, unknown>;
  try {
    message = loadWeights ? decodeWhole(win.read(0, size), path) : decodeSparse(modelProtoSpec(), win, 0, size, maxChunkBytes);
  } finally {
    win.close();
  }
  const decoded = modelFromMessage(message, { file: loadWeights ? undefined : file, modelDir: dirname(file) });
  const notOnnx = (why: string) =>
    new InvalidInputError('E_ONNX_NOT_A_MODEL', `${path} is not an ONNX model: ${why}`, { hint: 'pass a .onnx file exported by torch.onnx, tf2onnx, paddle2onnx or similar' });
  if (decoded.irVersion < 1 || decoded.irVersion > MAX_IR_VERSION) throw notOnnx(`its IR version field reads ${decoded.irVersion}`);
  if (decoded.graph === undefined) throw notOnnx('it has no graph');
  if (decoded.irVersion >= 3 && decoded.opsetImports.length === 0) throw notOnnx('it imports no operator set');
  const model: OnnxModel = { ...decoded, graph: decoded.graph };
  checkExternalData(model, path, dirname(file));
  return model;
}

/** Opens the model for reading; a file that exists but cannot be opened (permissions) is refused like a missing one, naming it. */
function openWindow(file: string, size: number, shown: string): FileWindow {
  try {
    return new FileWindow(file, size);
  } catch (error) {
    throw new InvalidInputError('E_ONNX_NOT_FOUND', `${shown} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
}

function fileSize(file: string, shown: string): number {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new InvalidInputError('E_ONNX_NOT_A_FILE', `${shown} is a folder; pass the .onnx file inside it`);
    return stat.size;
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError('E_ONNX_NOT_FOUND', `${shown} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
}

/**
 * External data must name files beside the model (ONNX Runtime refuses paths that leave its folder)
 * that exist and are long enough; a missing side file is reported here rather than by a runtime.
 */
function checkExternalData(model: OnnxModel, shown: string, modelDir: string): void {
  const sizes = new Map<string, number>();
  for (const { tensor } of walkTensors(model)) {
    const data = tensor.data;
    if (data.location !== 'external') continue;
    const name = tensor.name || '(unnamed)';
    const rel = relative(modelDir, data.file);
    if (data.path === '' || isAbsolute(data.path) || rel.startsWith('..')) {
      throw new InvalidInputError('E_ONNX_EXTERNAL_DATA', `${shown}: tensor ${name} names external data "${data.path}", which is not a file beside the model`);
    }
    let size = sizes.get(data.file);
    if (size === undefined) {
      try {
        size = statSync(data.file).size;
      } catch {
        throw new InvalidInputError('E_ONNX_EXTERNAL_DATA_MISSING', `${shown}: tensor ${name} keeps its data in "${data.path}", which does not exist in ${modelDir}`, {
          hint: 'copy the external-data file(s) next to the .onnx file; models over 2 GB come as several files',
        });
      }
      sizes.set(data.file, size);
    }
    const end = data.offset + (data.length ?? 0);
    if (end > size) {
      throw new InvalidInputError('E_ONNX_EXTERNAL_DATA', `${shown}: tensor ${name} needs bytes up to ${end} of "${data.path}", which has only ${size}`);
    }
  }
}
