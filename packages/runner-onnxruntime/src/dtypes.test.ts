import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attribute, createGraph, createModel, createNode, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { float32ToFloat16Bits } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { openOnnxRuntime } from './index.js';

describe('non-float32 outputs through ONNX Runtime', () => {
  it('returns float16 as bits equal to our round-to-nearest-even, bool as 0/1 and int64 as bigints', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ort-dtypes-'));
    try {
      const file = path.join(dir, 'casts.onnx');
      const graph = createGraph({
        inputs: [tensorValueInfo('x', 'float32', ['n'])],
        outputs: [tensorValueInfo('half', 'float16', ['n']), tensorValueInfo('nonzero', 'bool', ['n']), tensorValueInfo('whole', 'int64', ['n'])],
        nodes: [
          createNode('Cast', ['x'], ['half'], { attributes: [attribute('to', 'int', 10n)] }),
          createNode('Sign', ['x'], ['sign']),
          createNode('Cast', ['sign'], ['nonzero'], { attributes: [attribute('to', 'int', 9n)] }),
          createNode('Cast', ['x'], ['whole'], { attributes: [attribute('to', 'int', 7n)] }),
        ],
      });
      await writeModel(createModel(graph), file);
      const runner = await openOnnxRuntime(file, { intraOpThreads: 1 });
      // Ties (1 + 2^-11, 1 + 3·2^-11), a subnormal tie (3·2^-25), overflow (65520), negatives and zero.
      const x = Float32Array.of(1 + 2 ** -11, 1 + 3 * 2 ** -11, 3 * 2 ** -25, 65520, -2.75, 0, 1 / 3);
      const out = await runner.run({ x: { dtype: 'float32', shape: [x.length], data: x } });
      await runner.close();
      expect(out.half!.dtype).toBe('float16');
      expect(out.half!.data).toBeInstanceOf(Uint16Array);
      expect(Array.from(out.half!.data as Uint16Array)).toEqual(Array.from(x, float32ToFloat16Bits));
      expect(Array.from(out.nonzero!.data as Uint8Array)).toEqual(Array.from(x, (v) => (v !== 0 ? 1 : 0)));
      expect(Array.from(out.whole!.data as BigInt64Array)).toEqual(Array.from(x, (v) => BigInt(Math.trunc(v))));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
