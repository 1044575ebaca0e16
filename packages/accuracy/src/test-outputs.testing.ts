/** A small deterministic generator (an LCG): the same seed gives the same test outputs everywhere. */
export function pseudoRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A reference and a candidate output for comparison tests: zeros, negatives, exact ties (equal pairs and
 * repeated values), wide magnitudes, and NaN/Inf on either side at `nonFiniteRate`.
 */
export function testOutputs(n: number, seed: number, nonFiniteRate: number): { ref: Float32Array; cand: Float32Array } {
  const rand = pseudoRandom(seed);
  const ref = new Float32Array(n);
  const cand = new Float32Array(n);
  const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let i = 0; i < n; i++) {
    const kind = rand();
    ref[i] = kind < 0.05 ? 0 : kind < 0.1 ? 0.25 : (rand() * 2 - 1) * 10 ** Math.floor(rand() * 12 - 6);
    cand[i] = kind < 0.15 ? ref[i]! : kind < 0.2 ? ref[i]! + 2 ** -10 : ref[i]! + (rand() - 0.5) * 1e-3 * Math.abs(ref[i]! || 1);
    if (rand() < nonFiniteRate) (rand() < 0.5 ? ref : cand)[i] = special[Math.floor(rand() * 3)]!;
  }
  return { ref, cand };
}
