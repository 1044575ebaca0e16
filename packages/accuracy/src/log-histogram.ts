/**
 * A fixed-size sketch of a stream of numbers, for the distribution of a per-sample statistic across
 * samples: memory is constant (≈ 8 KB) whatever the number of samples.
 *
 * Magnitudes from 1e-15 to 1e15 fall into log-spaced bins, 20 per decade, one set per sign, plus a bin
 * for exact zeros and one each for smaller and larger magnitudes. A quantile is answered with the
 * geometric middle of the bin the rank falls into, clamped to the exact running min and max, so for a
 * value inside the range its relative error is at most 10^(1/40) − 1 ≈ 5.9 %. Counts are exact; ±Infinity
 * lands in the outer bins (answered exactly by the min/max clamp when it is the extreme); NaN is counted apart.
 */
const BINS_PER_DECADE = 20;
const MIN_DECADE = -15;
const MAX_DECADE = 15;
const MAGNITUDE_BINS = (MAX_DECADE - MIN_DECADE) * BINS_PER_DECADE;
/** Slot layout: [neg overflow][neg bins high→low][neg underflow][zero][pos underflow][pos bins low→high][pos overflow]. */
const SLOTS = 2 * (MAGNITUDE_BINS + 2) + 1;
const ZERO_SLOT = MAGNITUDE_BINS + 2;

/** Relative error bound of `quantile` for values whose magnitude lies in [1e-15, 1e15). */
export const LOG_HISTOGRAM_RELATIVE_ERROR = 10 ** (1 / (2 * BINS_PER_DECADE)) - 1;

function magnitudeSlot(magnitude: number): number {
  // 0 = underflow, 1..MAGNITUDE_BINS = bins, MAGNITUDE_BINS + 1 = overflow.
  if (magnitude < 10 ** MIN_DECADE) return 0;
  if (!(magnitude < 10 ** MAX_DECADE)) return MAGNITUDE_BINS + 1;
  const bin = Math.floor((Math.log10(magnitude) - MIN_DECADE) * BINS_PER_DECADE);
  return 1 + Math.min(MAGNITUDE_BINS - 1, Math.max(0, bin));
}

function slotOf(x: number): number {
  if (x === 0) return ZERO_SLOT;
  const m = magnitudeSlot(Math.abs(x));
  return x > 0 ? ZERO_SLOT + 1 + m : ZERO_SLOT - 1 - m;
}

/** A representative value of an inner slot: the geometric middle of its bin (the bin edge for underflow). */
function slotValue(slot: number): number {
  if (slot === ZERO_SLOT) return 0;
  const sign = slot > ZERO_SLOT ? 1 : -1;
  const m = sign > 0 ? slot - ZERO_SLOT - 1 : ZERO_SLOT - 1 - slot;
  if (m === 0) return sign * 10 ** MIN_DECADE;
  return sign * 10 ** (MIN_DECADE + (m - 1 + 0.5) / BINS_PER_DECADE);
}

export class LogHistogram {
  private readonly counts = new Float64Array(SLOTS);
  count = 0;
  nanCount = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  add(x: number): void {
    if (Number.isNaN(x)) {
      this.nanCount++;
      return;
    }
    this.counts[slotOf(x)]!++;
    this.count++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Approximate q-quantile of the non-NaN values (see the class comment for the bound); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    // The value of rank ⌈q·count⌉ (1-based): the "nearest rank" definition.
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let slot = 0; slot < SLOTS; slot++) {
      seen += this.counts[slot]!;
      if (seen < rank) continue;
      // The outer slots are unbounded: the exact extreme is the honest answer there.
      if (slot === 0) return this.min;
      if (slot === SLOTS - 1) return this.max;
      return Math.min(this.max, Math.max(this.min, slotValue(slot)));
    }
    return this.max;
  }
}
