/**
 * The gap before the next request of a rate mode: `1000/rate` ms (constant), or an exponential gap
 * with that mean (Poisson arrivals), drawn from a small seeded PRNG (mulberry32) so a run can be
 * repeated. The PRNG's state lives in `state.seed`.
 */
export function nextGapMs(ratePerS: number, distribution: 'constant' | 'poisson', state: { seed: number }): number {
  const mean = 1000 / ratePerS;
  if (distribution === 'constant') return mean;
  // mulberry32: 32-bit state, full period, good enough for spacing requests.
  state.seed = (state.seed + 0x6d2b79f5) | 0;
  let t = state.seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return -Math.log(1 - u) * mean;
}
