import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, normalize, resolve, sep } from 'node:path';
import { UsageError } from '@pipeline/errors';
import { tensorByteSize } from './facts.js';
import type { OnnxModel, OnnxTensorProto, TensorData } from './model.js';
import { tensorRawBytes } from './tensor-proto.js';
import { walkGraphs } from './walk.js';

/**
 * Where a written model keeps its initializers (the ONNX external-data convention): one side file
 * beside the model, named by `file` relative to the model's folder, each tensor at an `offset` with its
 * `length`. Tensors smaller than `thresholdBytes`, tensor attributes (Constant values) and sparse tensors
 * stay inline, as onnx's `convert_model_to_external_data` leaves them.
 */
export interface ExternalDataLayout {
  /** The side file, relative to the model's folder (e.g. `model.onnx.data`); written anew. */
  file: string;
  /**
   * Initializers of at least this many bytes go to `file`. Default 1024, onnx's `size_threshold`; 0 moves
   * all. ONNX shape inference cannot read external tensors, so ONNX Runtime refuses a model whose small
   * shape inputs (Reshape's `shape`, Expand's, Slice's bounds) were moved: keep the threshold above them.
   */
  thresholdBytes?: number;
  /**
   * Tensors larger than `alignThresholdBytes` (default 1 MiB) start at a multiple of `alignment` (default
   * 64 KiB, the mmap allocation granularity on Windows and a multiple of the 4 KiB page), so ONNX Runtime
   * can map them in place; the defaults are ONNX Runtime's and onnx-ir's. Smaller tensors are packed.
   */
  alignThresholdBytes?: number;
  alignment?: number;
}

/** A side file written under a temporary name: where each tensor went, and how to keep or drop it. */
export interface PendingExternalData {
  placed: Map<OnnxTensorProto, TensorData>;
  /** Renames the side file into place, after every source byte has been read (it may replace a source). */
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Writes the model's initializers of at least `thresholdBytes` (raw, lazy or external data) into one
 * side file beside `modelPath`, one tensor at a time so memory stays at the largest tensor, and says
 * where each went. The model is not changed: the writer encodes it with the returned placements.
 */
export async function writeExternalData(model: OnnxModel, modelPath: string, layout: ExternalDataLayout): Promise<PendingExternalData> {
  const modelFile = resolve(modelPath);
  const target = resolve(dirname(modelFile), checkLocation(layout.file, modelPath));
  if (target === modelFile) throw new UsageError('E_ONNX_EXTERNAL_DATA_LOCATION', `${modelPath}: the external-data file cannot be the model file itself`);
  const threshold = layout.thresholdBytes ?? 1024;
  const alignThreshold = layout.alignThresholdBytes ?? 1024 * 1024;
  const alignment = layout.alignment ?? 64 * 1024;
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const placed = new Map<OnnxTensorProto, TensorData>();
  const handle = await open(temp, 'w');
  try {
    let end = 0;
    for (const graph of walkGraphs(model)) {
      for (const tensor of graph.initializers) {
        if (tensor.data.location === 'fields' || placed.has(tensor)) continue;
        const length = tensorByteSize(tensor);
        if (length === 0 || length < threshold) continue;
        const offset = length > alignThreshold ? Math.ceil(end / alignment) * alignment : end;
        const bytes = tensorRawBytes(tensor.data, length) ?? new Uint8Array();
        // A gap left by alignment reads back as zeros (a hole in the file), as onnx pads it.
        await writeAll(handle, bytes, offset);
        end = offset + length;
        placed.set(tensor, { location: 'external', path: layout.file, file: target, offset, length, checksum: undefined });
      }
    }
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return {
    placed,
    // Nothing large enough to move: no side file at all.
    commit: () => (placed.size > 0 ? rename(temp, target) : rm(temp, { force: true })),
    discard: () => rm(temp, { force: true }),
  };
}

async function writeAll(handle: Awaited<ReturnType<typeof open>>, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, position + done);
    done += bytesWritten;
  }
}

/** ONNX Runtime loads external data only from files inside the model's folder: a relative path that stays there. */
function checkLocation(file: string, modelPath: string): string {
  const norm = normalize(file);
  if (file === '' || isAbsolute(file) || norm === '..' || norm.startsWith(`..${sep}`) || norm === '.') {
    throw new UsageError('E_ONNX_EXTERNAL_DATA_LOCATION', `${modelPath}: external-data file "${file}" must be a relative path inside the model's folder`, {
      hint: 'name a file beside the model, e.g. model.onnx.data',
    });
  }
  return norm;
}
