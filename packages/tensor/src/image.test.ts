import { InvalidInputError } from '@pipeline/errors';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageToTensor } from './image.js';

/** A lossless PNG of the given RGB pixels, row-major. */
function png(width: number, height: number, rgb: number[]): Promise<Buffer> {
  return sharp(Buffer.from(rgb), { raw: { width, height, channels: 3 } }).png().toBuffer();
}

// 2x2 pixels: red, green / blue, white.
const pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];

describe('imageToTensor', () => {
  it('lays pixels out as NCHW, scaled to [0, 1]', async () => {
    const t = await imageToTensor(await png(2, 2, pixels), { width: 2, height: 2 });
    expect(t.shape).toEqual([1, 3, 2, 2]);
    // Plane R: red, green, blue, white -> 1,0,0,1; plane G: 0,1,0,1; plane B: 0,0,1,1.
    expect(Array.from(t.data)).toEqual([1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1]);
  });

  it('lays pixels out as NHWC in BGR order with mean/std normalisation', async () => {
    const t = await imageToTensor(await png(2, 2, pixels), { width: 2, height: 2, layout: 'NHWC', channelOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(t.shape).toEqual([1, 2, 2, 3]);
    // Red pixel in BGR is (0, 0, 1) -> (-1, -1, 1) after (v - 0.5) / 0.5.
    expect(Array.from(t.data.subarray(0, 3))).toEqual([-1, -1, 1]);
    expect(Array.from(t.data.subarray(9, 12))).toEqual([1, 1, 1]);
  });

  it('pads on the right after normalisation when fit is pad (PaddleOCR text lines)', async () => {
    // A 2x1 image (aspect 2) into height 1, width 4: placed 2 wide, the last 2 columns are 0.
    const t = await imageToTensor(await png(2, 1, [255, 255, 255, 0, 0, 0]), { width: 4, height: 1, fit: 'pad', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(t.shape).toEqual([1, 3, 1, 4]);
    expect(Array.from(t.data.subarray(0, 4))).toEqual([1, -1, 0, 0]);
  });

  it('rasterises SVG and reads grayscale', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><rect width="8" height="4" fill="white"/><rect width="4" height="4" fill="black"/></svg>';
    const t = await imageToTensor(Buffer.from(svg), { width: 8, height: 4, channels: 1 });
    expect(t.shape).toEqual([1, 1, 4, 8]);
    expect(Array.from(t.data.subarray(0, 8))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('rejects bytes that are not an image, naming the source', async () => {
    const error = await imageToTensor(Buffer.from('not an image'), { width: 2, height: 2 }, 'data/cat.jpg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toMatch(/^data\/cat\.jpg: cannot read the image/);
  });
});
