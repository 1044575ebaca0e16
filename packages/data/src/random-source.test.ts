import { InterruptedError, UsageError } from '@pipeline/errors';
import { float16ArrayToFloat32, type Tensor, type TensorSpec } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { randomSource } from './random-source.js';
import { takeSamples } from './take-samples.testing.js';

// The PP-OCR direction classifier's input as ONNX Runtime reports it: three unnamed-by-us dynamic dims.
const clsInput: TensorSpec = { name: 'x', dtype: 'float32', shape: ['p2o.DynamicDimension.0', 3, 'p2o.DynamicDimension.1', 'p2o.DynamicDimension.2'] };
const clsDims = { 'p2o.DynamicDimension.1': 48, 'p2o.DynamicDimension.2': 192 };

const bytes = (t: Tensor | undefined) => Buffer.from((t!.data as Float32Array).buffer).toString('hex');

describe('randomSource', () => {
  it('is reproducible for a seed, different for another, and sample i does not depend on count', async () => {
    const options = { specs: [clsInput], dims: clsDims, batch: 2 };
    const a = await takeSamples(randomSource({ ...options, seed: 1, count: 3 }));
    const again = await takeSamples(randomSource({ ...options, seed: 1, count: 5 }));
    const other = await takeSamples(randomSource({ ...options, seed: 2, count: 3 }));
    expect(a.map((s) => s.id)).toEqual(['random/0', 'random/1', 'random/2']);
    expect(a[0]!.feeds.x!.shape).toEqual([2, 3, 48, 192]);
    expect(a.map((s) => bytes(s.feeds.x))).toEqual(again.slice(0, 3).map((s) => bytes(s.feeds.x)));
    expect(bytes(a[0]!.feeds.x)).not.toBe(bytes(other[0]!.feeds.x));
    expect(bytes(a[0]!.feeds.x)).not.toBe(bytes(a[1]!.feeds.x));
  });

  it("uses Polygraphy's default range [0, 1] for every dtype, and ranges when given", async () => {
    const specs: TensorSpec[] = [
      { name: 'f', dtype: 'float32', shape: [4000] },
      { name: 'ids', dtype: 'int64', shape: [200] },
      { name: 'mask', dtype: 'bool', shape: [200] },
      { name: 'h', dtype: 'float16', shape: [500] },
    ];
    const [sample] = await takeSamples(randomSource({ specs, seed: 3, count: 1, ranges: { h: { min: -4, max: 4 } } }));
    const f = sample!.feeds.f!.data as Float32Array;
    expect(Math.min(...f)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...f)).toBeLessThanOrEqual(1);
    expect(Math.max(...f)).toBeGreaterThan(0.99);
    expect(new Set(sample!.feeds.ids!.data as BigInt64Array)).toEqual(new Set([0n, 1n]));
    expect(new Set(sample!.feeds.mask!.data as Uint8Array)).toEqual(new Set([0, 1]));
    const h = float16ArrayToFloat32(sample!.feeds.h!.data as Uint16Array);
    expect(Math.min(...h)).toBeGreaterThanOrEqual(-4);
    expect(Math.max(...h)).toBeLessThanOrEqual(4);
    expect(Math.min(...h)).toBeLessThan(-3.9);
  });

  it("uses trtexec's ranges with preset trtexec", async () => {
    const specs: TensorSpec[] = [
      { name: 'u', dtype: 'uint8', shape: [5000] },
      { name: 'i', dtype: 'int32', shape: [5000] },
    ];
    const [sample] = await takeSamples(randomSource({ specs, seed: 3, count: 1, preset: 'trtexec' }));
    const u = sample!.feeds.u!.data as Uint8Array;
    const i = sample!.feeds.i!.data as Int32Array;
    expect([Math.min(...u), Math.max(...u)]).toEqual([0, 255]);
    expect([Math.min(...i), Math.max(...i)]).toEqual([-128, 127]);
  });

  it('resolves dynamic dims from dims, then batch, then profiles; else names the input and dim', async () => {
    const fromProfile = randomSource({ specs: [clsInput], seed: 1, count: 1, profiles: { x: [4, 3, 48, 320] }, dims: { 'p2o.DynamicDimension.2': 100 } });
    expect((await takeSamples(fromProfile))[0]!.feeds.x!.shape).toEqual([4, 3, 48, 100]);
    const error = (() => {
      try {
        randomSource({ specs: [clsInput], seed: 1, count: 1, batch: 1 });
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('E_DYNAMIC_SHAPE');
    expect((error as UsageError).message).toBe('input "x": axis 2 ("p2o.DynamicDimension.1") is dynamic and no size was given for it');
  });

  it('generates lazily: a billion-sample source yields its first samples at once', async () => {
    const huge = randomSource({ specs: [{ name: 'v', dtype: 'float32', shape: [1024] }], seed: 9, count: 1e9 });
    expect(huge.count).toBe(1e9);
    expect(await takeSamples(huge, 3)).toHaveLength(3);
  });

  it('stops with InterruptedError when the signal aborts', async () => {
    const source = randomSource({ specs: [{ name: 'v', dtype: 'float32', shape: [4] }], seed: 9, count: 10 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const sample of source.samples(controller.signal)) {
        seen.push(sample.id);
        if (seen.length === 2) controller.abort();
      }
    };
    await expect(run()).rejects.toBeInstanceOf(InterruptedError);
    expect(seen).toEqual(['random/0', 'random/1']);
  });

  it('rejects ranges for unknown inputs and string inputs', () => {
    const specs: TensorSpec[] = [{ name: 'v', dtype: 'float32', shape: [4] }];
    expect(() => randomSource({ specs, seed: 1, count: 1, ranges: { w: { min: 0, max: 1 } } })).toThrow(/"w", which is not an input/);
    expect(() => randomSource({ specs: [{ name: 's', dtype: 'string', shape: [1] }], seed: 1, count: 1 })).toThrow(UsageError);
  });
});
