import type { Tensor } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { fromOrtTensor, toOrtTensor } from './convert.js';
import { loadOnnxRuntime } from './load-ort.js';

describe('Tensor <-> ort.Tensor', () => {
  const cases: Tensor[] = [
    { dtype: 'float16', shape: [2], data: Uint16Array.of(0x3c00, 0xc000) },
    { dtype: 'int64', shape: [1, 2], data: BigInt64Array.of(-(2n ** 40n), 7n) },
    { dtype: 'bool', shape: [3], data: Uint8Array.of(1, 0, 1) },
    { dtype: 'string', shape: [2], data: ['a', 'bc'] },
    { dtype: 'uint8', shape: [], data: Uint8Array.of(255) },
  ];
  it.each(cases)('keeps $dtype values, storage type and shape', async (tensor) => {
    const ort = await loadOnnxRuntime();
    const ortTensor = toOrtTensor(ort, 'in', tensor);
    expect(ortTensor.type).toBe(tensor.dtype);
    const back = fromOrtTensor('in', ortTensor);
    expect(back.shape).toEqual(tensor.shape);
    expect(back.data.constructor).toBe(tensor.data.constructor);
    expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(tensor.data as ArrayLike<unknown>));
  });

  it('refuses bfloat16, which ORT for Node cannot hold', async () => {
    const ort = await loadOnnxRuntime();
    expect(() => toOrtTensor(ort, 'in', { dtype: 'bfloat16', shape: [1], data: Uint16Array.of(0x3f80) })).toThrow(/bfloat16/);
  });
});
