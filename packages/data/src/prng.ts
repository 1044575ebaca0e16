// xoshiro128** (Blackman & Vigna, 2018): 128-bit state, 32-bit outputs, passes BigCrush, and needs only
// 32-bit integer arithmetic, which JavaScript does exactly with Math.imul and >>>. Seeded through
// splitmix32 so that nearby seeds (1, 2, 3…) give unrelated streams.

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A seeded generator: same seed and stream, same sequence, on every machine. `stream` picks an
 * independent sequence (the sample index), so sample 17 can be made without making samples 0–16.
 */
export function seededRandom(seed: number, stream = 0): Xoshiro128 {
  const state = { s: (seed ^ Math.imul(stream + 1, 0x27d4eb2f)) | 0 };
  const words: [number, number, number, number] = [splitmix32(state), splitmix32(state), splitmix32(state), splitmix32(state)];
  // The all-zero state is the one fixed point; splitmix32's output makes it practically impossible.
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
  return new Xoshiro128(words);
}

/** The xoshiro128** generator over an explicit 128-bit state. */
export class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: readonly [number, number, number, number]) {
    [this.a, this.b, this.c, this.d] = state;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits, enough for float64 data. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform integer in [min, max], both included. */
  nextInt(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
