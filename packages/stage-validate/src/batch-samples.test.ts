import type { Tensor } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { splitOutputs, stackable, stackFeeds } from './batch-samples.js';

const f32 = (shape: number[], values: number[]): Tensor => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

describe('batching samples for one candidate run', () => {
  it('stacks along the first axis and splits back to the same rows', () => {
    const a = { x: f32([1, 2], [1, 2]) };
    const b = { x: f32([2, 2], [3, 4, 5, 6]) };
    expect(stackable(a, b)).toBe(true);
    const stacked = stackFeeds([a, b]);
    expect(stacked.x?.shape).toEqual([3, 2]);
    expect(Array.from(stacked.x?.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    const [first, second] = splitOutputs({ y: f32([3, 1], [7, 8, 9]) }, [1, 2]);
    expect(first?.y?.shape).toEqual([1, 1]);
    expect(Array.from(first?.y?.data as Float32Array)).toEqual([7]);
    expect(Array.from(second?.y?.data as Float32Array)).toEqual([8, 9]);
  });

  it('refuses to stack feeds that differ past the first axis or in dtype, and accepts them when they agree', () => {
    const a = { x: f32([1, 2], [1, 2]) };
    expect(stackable(a, { x: f32([1, 2], [0, 0]) })).toBe(true);
    expect(stackable(a, { x: f32([1, 3], [0, 0, 0]) })).toBe(false);
    expect(stackable(a, { x: { dtype: 'int32', shape: [1, 2], data: Int32Array.from([0, 0]) } })).toBe(false);
  });

  it('refuses outputs whose rows do not add up to the batched samples', () => {
    expect(() => splitOutputs({ y: f32([2, 1], [1, 2]) }, [1, 2])).toThrow(/2 rows for 3 batched samples/);
  });
});
