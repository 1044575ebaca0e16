import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError, UsageError } from '@pipeline/errors';
import { decodeTensorProto } from '@pipeline/onnx';
import {
  type DType,
  decodeKServeJson,
  decodeNpy,
  decodeNpz,
  decodeRaw,
  type ImageTensorOptions,
  imageToTensor,
  parseRawBindingFileName,
  type Tensor,
  type TensorSpec,
} from '@pipeline/tensor';

/** Image file extensions sent to the image decoder (libvips reads them all). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.svg', '.avif']);

/** What a file holds: tensors by name (npz, json), or one tensor that may or may not carry a name. */
export type FileTensors = { kind: 'named'; tensors: Record<string, Tensor> } | { kind: 'single'; tensor: Tensor; name?: string };

export interface ReadTensorFileOptions {
  /** The input a single-tensor file feeds; its spec gives image sizes and raw dtype/shape. */
  target: TensorSpec | undefined;
  image?: Partial<ImageTensorOptions>;
  raw?: { dtype: Exclude<DType, 'string'>; shape: number[] };
}

function imageOptions(file: string, spec: TensorSpec | undefined, given: Partial<ImageTensorOptions> = {}): ImageTensorOptions {
  const layout = given.layout ?? 'NCHW';
  const shape = spec?.shape;
  const [c, h, w] = shape?.length === 4 ? (layout === 'NCHW' ? [shape[1], shape[2], shape[3]] : [shape[3], shape[1], shape[2]]) : [];
  const width = given.width ?? (typeof w === 'number' ? w : undefined);
  const height = given.height ?? (typeof h === 'number' ? h : undefined);
  if (width === undefined || height === undefined) {
    throw new UsageError('E_DATA_IMAGE_SIZE', `${file}: the model input does not fix the image size, so it must be given`, { hint: 'set image: { width: <w>, height: <h> } on the files data source' });
  }
  const channels = given.channels ?? (c === 1 ? 1 : 3);
  return { ...given, width, height, layout, channels };
}

function rawLayout(file: string, options: ReadTensorFileOptions): { dtype: Exclude<DType, 'string'>; shape: number[] } {
  if (options.raw) return options.raw;
  const spec = options.target;
  if (spec?.shape !== undefined && spec.dtype !== 'string' && spec.shape.every((d) => typeof d === 'number')) {
    return { dtype: spec.dtype, shape: spec.shape as number[] };
  }
  throw new UsageError('E_DATA_RAW_LAYOUT', `${file}: a raw file has no header, and the input's shape is not static`, {
    hint: 'set raw: { dtype: float32, shape: [1, 3, 224, 224] } on the files data source, or name the file as trtexec does (x.input.1.3.224.224.fp32.raw)',
  });
}

/** Reads one data file by its extension: .npy, .npz, .json (KServe v2), .pb (TensorProto), .raw/.bin, images. */
export async function readTensorFile(file: string, options: ReadTensorFileOptions): Promise<FileTensors> {
  const extension = path.extname(file).toLowerCase();
  if (IMAGE_EXTENSIONS.has(extension)) return { kind: 'single', tensor: await imageToTensor(file, imageOptions(file, options.target, options.image)) };
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new InvalidInputError('E_DATA_READ', `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  switch (extension) {
    case '.npy':
      return { kind: 'single', tensor: decodeNpy(bytes, file) };
    case '.npz':
      return { kind: 'named', tensors: decodeNpz(bytes, file) };
    case '.json':
      return { kind: 'named', tensors: decodeKServeJson(bytes.toString('utf8'), file) };
    case '.pb': {
      const { name, tensor } = decodeTensorProto(bytes, { source: file });
      return name === '' ? { kind: 'single', tensor } : { kind: 'single', tensor, name };
    }
    case '.raw':
    case '.bin': {
      const binding = parseRawBindingFileName(path.basename(file));
      if (binding) return { kind: 'single', tensor: decodeRaw(bytes, binding.dtype, binding.shape, file), name: binding.tensorName };
      const { dtype, shape } = rawLayout(file, options);
      return { kind: 'single', tensor: decodeRaw(bytes, dtype, shape, file) };
    }
    default:
      throw new UsageError('E_DATA_FORMAT', `${file}: unknown data file type "${extension}"`, {
        hint: `use .npy, .npz, .json (KServe v2), .pb (ONNX TensorProto), .raw/.bin, or an image (${[...IMAGE_EXTENSIONS].join(' ')})`,
      });
  }
}
