/**
 * A growable list of float64 samples. The timing loop pushes one number per run; the backing array is
 * sized up front (and doubled when outgrown, rarely) so the loop does not allocate per run.
 */
export class SampleBuffer {
  #data: Float64Array;
  #length = 0;

  constructor(capacity = 1024) {
    this.#data = new Float64Array(Math.max(capacity, 16));
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#length++] = value;
  }

  /** The samples pushed so far, as a view (no copy). */
  view(): Float64Array {
    return this.#data.subarray(0, this.#length);
  }
}

/** Concatenates sample lists into one array. */
export function concatSamples(parts: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Float64Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
