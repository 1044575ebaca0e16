import { badTensorFile } from './errors.js';
import type { Tensor } from './tensor.js';

/** How an image becomes a model input. Pixels are scaled, then normalised: (v·scale − mean[c]) / std[c]. */
export interface ImageTensorOptions {
  width: number;
  height: number;
  /** Default `NCHW`; the tensor always has a leading batch axis of 1. */
  layout?: 'NCHW' | 'NHWC';
  /** 3 (default) or 1 for grayscale. */
  channels?: 1 | 3;
  /** Default `RGB`; many OpenCV-trained models (PaddleOCR among them) expect `BGR`. */
  channelOrder?: 'RGB' | 'BGR';
  /**
   * `fill` (default) stretches to width×height. `pad` keeps the aspect ratio: the image is resized to
   * the full height and at most the full width, placed at the left, and the rest is zero *after*
   * normalisation (PaddleOCR's resize_norm_img for text lines). `contain`/`cover` are sharp's modes.
   */
  fit?: 'fill' | 'pad' | 'contain' | 'cover';
  /** Default 1/255, so pixels become [0, 1]. */
  scale?: number;
  /** Per channel, in channel order; default 0. */
  mean?: readonly number[];
  /** Per channel, in channel order; default 1. */
  std?: readonly number[];
}

type SharpModule = typeof import('sharp');

let sharpPromise: Promise<SharpModule> | undefined;
/** sharp loads libvips; only commands that read images pay for it. */
function loadSharp(): Promise<SharpModule> {
  sharpPromise ??= import('sharp').then((mod) => ((mod as { default?: SharpModule }).default ?? mod) as SharpModule);
  return sharpPromise;
}

/**
 * Decodes an image (PNG, JPEG, WebP, TIFF, GIF, SVG… whatever libvips reads), resizes it and returns a
 * normalised float32 tensor [1, C, H, W] (or [1, H, W, C]). `source` names the file in errors.
 */
export async function imageToTensor(image: Uint8Array | string, options: ImageTensorOptions, source = typeof image === 'string' ? image : '<image>'): Promise<Tensor<'float32'>> {
  const sharp = await loadSharp();
  const { width, height } = options;
  const channels = options.channels ?? 3;
  let placedWidth = width;
  let pixels: Buffer;
  try {
    let pipeline = sharp(image).rotate(); // honour EXIF orientation, as image viewers do
    if (options.fit === 'pad') {
      const meta = await sharp(image).rotate().metadata();
      const ratio = (meta.autoOrient?.width ?? meta.width ?? 1) / (meta.autoOrient?.height ?? meta.height ?? 1);
      placedWidth = Math.max(1, Math.min(width, Math.ceil(height * ratio)));
      pipeline = pipeline.resize(placedWidth, height, { fit: 'fill' });
    } else {
      pipeline = pipeline.resize(width, height, { fit: options.fit ?? 'fill', background: { r: 0, g: 0, b: 0, alpha: 1 } });
    }
    pipeline = channels === 1 ? pipeline.grayscale() : pipeline.removeAlpha();
    pixels = await pipeline.toColourspace(channels === 1 ? 'b-w' : 'srgb').raw().toBuffer();
  } catch (error) {
    throw badTensorFile('E_IMAGE_DECODE', source, `cannot read the image: ${error instanceof Error ? error.message : String(error)}`);
  }
  return normalise(pixels, placedWidth, options, source);
}

function normalise(pixels: Uint8Array, placedWidth: number, options: ImageTensorOptions, source: string): Tensor<'float32'> {
  const { width, height } = options;
  const channels = options.channels ?? 3;
  const scale = options.scale ?? 1 / 255;
  const mean = options.mean ?? new Array<number>(channels).fill(0);
  const std = options.std ?? new Array<number>(channels).fill(1);
  if (mean.length !== channels || std.length !== channels) {
    throw badTensorFile('E_IMAGE_OPTIONS', source, `mean and std need ${channels} values (one per channel), got ${mean.length} and ${std.length}`);
  }
  if (pixels.length !== placedWidth * height * channels) throw badTensorFile('E_IMAGE_DECODE', source, 'the decoded image has an unexpected size');
  const nchw = (options.layout ?? 'NCHW') === 'NCHW';
  const bgr = options.channelOrder === 'BGR' && channels === 3;
  const data = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < placedWidth; x++) {
      for (let c = 0; c < channels; c++) {
        const sourceChannel = bgr ? 2 - c : c;
        const value = (pixels[(y * placedWidth + x) * channels + sourceChannel]! * scale - mean[c]!) / std[c]!;
        data[nchw ? (c * height + y) * width + x : (y * width + x) * channels + c] = value;
      }
    }
  }
  return { dtype: 'float32', shape: nchw ? [1, channels, height, width] : [1, height, width, channels], data };
}
