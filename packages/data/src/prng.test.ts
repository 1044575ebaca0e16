import { describe, expect, it } from 'vitest';
import { seededRandom, Xoshiro128 } from './prng.js';

describe('xoshiro128**', () => {
  it('matches the reference C implementation (xoshiro128starstar.c) from state {1,2,3,4}', () => {
    // Printed by the authors' C code compiled with gcc, not by this implementation.
    const rng = new Xoshiro128([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => rng.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is reproducible per seed and stream, and differs across them', () => {
    const draw = (seed: number, stream: number) => {
      const rng = seededRandom(seed, stream);
      return Array.from({ length: 4 }, () => rng.nextUint32());
    };
    expect(draw(1, 0)).toEqual(draw(1, 0));
    expect(draw(1, 0)).not.toEqual(draw(2, 0));
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
  });

  it('draws floats in [0, 1) and integers within [min, max], covering both ends', () => {
    const rng = seededRandom(7);
    const ints = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const f = rng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      ints.add(rng.nextInt(-2, 2));
    }
    expect([...ints].sort()).toEqual([-1, -2, 0, 1, 2]);
  });
});
