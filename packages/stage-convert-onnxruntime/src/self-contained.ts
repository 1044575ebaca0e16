import path from 'node:path';
import { inlineModelBytes, type OnnxModel, PROTOBUF_LIMIT_BYTES, type WrittenModel, writeModel } from '@pipeline/onnx';

export interface SelfContainedOptions {
  /** Largest model file written with its weights inline; default protobuf's 2 GiB limit. Tests lower it. */
  inlineLimitBytes?: number;
}

/**
 * Writes a model that needs no file but what this writes: every weight inline while the file stays
 * under protobuf's 2 GiB limit, else initializers of 1 KiB and more in one external-data file beside it
 * (`<name>.onnx.data`, torch.onnx's convention). Either way the input's side files are read, never
 * referenced, so the output folder holds the whole model and its `externalData` meta names the side file.
 */
export async function writeSelfContained(model: OnnxModel, file: string, options: SelfContainedOptions = {}): Promise<WrittenModel> {
  const limit = options.inlineLimitBytes ?? PROTOBUF_LIMIT_BYTES;
  if (inlineModelBytes(model) <= limit) return writeModel(model, file, { externalData: 'inline' });
  return writeModel(model, file, { externalData: { file: `${path.basename(file)}.data` } });
}
