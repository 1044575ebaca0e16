import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidInputError, UsageError } from '@pipeline/errors';
import { encodeTensorProto } from '@pipeline/onnx';
import { encodeKServeJson, encodeNpy, encodeNpz, encodeRaw, type Tensor, type TensorSpec } from '@pipeline/tensor';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesSource } from './files-source.js';
import { takeSamples } from './take-samples.testing.js';

const specs: TensorSpec[] = [{ name: 'x', dtype: 'float32', shape: ['batch', 3, 2, 2] }];
const outputSpecs: TensorSpec[] = [{ name: 'y', dtype: 'float32', shape: ['batch', 2] }];
const sampleOf = (k: number): Tensor => ({ dtype: 'float32', shape: [1, 3, 2, 2], data: Float32Array.from({ length: 12 }, (_, i) => i * k) });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'files-source-'));
  const x = sampleOf(1);
  await writeFile(path.join(dir, 'a.npy'), encodeNpy({ ...x, shape: [3, 2, 2] })); // no batch axis: one is added
  await writeFile(path.join(dir, 'b.npz'), encodeNpz({ x: sampleOf(2), y: { dtype: 'float32', shape: [1, 2], data: Float32Array.of(0.25, 0.75) } }));
  await writeFile(path.join(dir, 'c.json'), encodeKServeJson({ x: sampleOf(3) }));
  await writeFile(path.join(dir, 'd.pb'), encodeTensorProto('x', sampleOf(4)));
  await writeFile(path.join(dir, 'x.input.1.3.2.2.fp32.raw'), encodeRaw(sampleOf(5)));
  await mkdir(path.join(dir, 'images', 'cat'), { recursive: true });
  const white = Buffer.alloc(12, 255);
  await writeFile(path.join(dir, 'images', 'cat', 'f.png'), await sharp(white, { raw: { width: 2, height: 2, channels: 3 } }).png().toBuffer());
  await writeFile(path.join(dir, 'notes.txt'), 'not data');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('filesSource', () => {
  it('reads every supported format into feeds for the model input, in sorted order', async () => {
    const source = filesSource({ glob: ['*.{npy,npz,json,pb,raw}', 'images/**/*.png'], baseDir: dir, specs, outputSpecs, labels: 'directory' });
    expect(source.count).toBe(6);
    const samples = await takeSamples(source);
    expect(samples.map((s) => s.id)).toEqual(['a.npy', 'b.npz', 'c.json', 'd.pb', 'images/cat/f.png', 'x.input.1.3.2.2.fp32.raw']);
    const byId = Object.fromEntries(samples.map((s) => [s.id, s]));
    for (const [id, k] of [['a.npy', 1], ['b.npz', 2], ['c.json', 3], ['d.pb', 4], ['x.input.1.3.2.2.fp32.raw', 5]] as const) {
      expect(byId[id]!.feeds.x!.shape).toEqual([1, 3, 2, 2]);
      expect(Array.from(byId[id]!.feeds.x!.data as Float32Array)).toEqual(Array.from(sampleOf(k).data as Float32Array));
    }
    expect(Array.from(byId['b.npz']!.expected!.y!.data as Float32Array)).toEqual([0.25, 0.75]);
    const image = byId['images/cat/f.png']!;
    expect(image.label).toBe('cat');
    expect(image.feeds.x!.shape).toEqual([1, 3, 2, 2]);
    expect(Array.from(image.feeds.x!.data as Float32Array)).toEqual(new Array(12).fill(1));
  });

  it('fails up front when the glob matches nothing, and names unknown tensors and formats', async () => {
    expect(() => filesSource({ glob: '*.npy', baseDir: path.join(dir, 'images'), specs })).toThrow(UsageError);
    await writeFile(path.join(dir, 'odd.npz'), encodeNpz({ z: sampleOf(1) }));
    const odd = await takeSamples(filesSource({ glob: 'odd.npz', baseDir: dir, specs })).catch((e: unknown) => e);
    expect(odd).toBeInstanceOf(InvalidInputError);
    expect((odd as Error).message).toMatch(/odd\.npz: "z" is neither a model input/);
    await expect(takeSamples(filesSource({ glob: 'notes.txt', baseDir: dir, specs }))).rejects.toThrow(/unknown data file type "\.txt"/);
  });

  it('asks which input a single-tensor file feeds when the model has several', async () => {
    const two: TensorSpec[] = [...specs, { name: 'scale', dtype: 'float32', shape: [1] }];
    await expect(takeSamples(filesSource({ glob: 'a.npy', baseDir: dir, specs: two }))).rejects.toThrow(/does not say which one it feeds/);
    const [sample] = await takeSamples(filesSource({ glob: 'a.npy', baseDir: dir, specs: two, input: 'x' }));
    expect(Object.keys(sample!.feeds)).toEqual(['x']);
  });
});
