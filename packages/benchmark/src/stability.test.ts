import type { MeasurementWindow } from './report-schema.js';
import { describe, expect, it } from 'vitest';
import { windowsAreStable } from './stability.js';

const window = (inferencesPerS: number, meanLatencyMs: number): MeasurementWindow => ({
  runs: 100,
  duration_ms: 1000,
  inferences_per_s: inferencesPerS,
  mean_latency_ms: meanLatencyMs,
});

describe('windowsAreStable (perf_analyzer: last 3 windows within 1 + tolerance)', () => {
  it('needs three windows', () => {
    expect(windowsAreStable([window(100, 10), window(100, 10)], { tolerancePct: 10 })).toBe(false);
    expect(windowsAreStable([window(100, 10), window(100, 10), window(100, 10)], { tolerancePct: 10 })).toBe(true);
  });

  it('compares max/min of the last three only', () => {
    // An outlier early on does not matter once three later windows agree: 105/100 = 1.05 ≤ 1.10.
    const series = [window(50, 20), window(100, 10), window(105, 10.2), window(102, 9.9)];
    expect(windowsAreStable(series, { tolerancePct: 10 })).toBe(true);
    expect(windowsAreStable(series, { tolerancePct: 4 })).toBe(false);
  });

  it('accepts a spread of exactly the tolerance and refuses one just beyond it', () => {
    expect(windowsAreStable([window(100, 10), window(110, 10), window(105, 10)], { tolerancePct: 10 })).toBe(true);
    expect(windowsAreStable([window(100, 10), window(110.5, 10), window(105, 10)], { tolerancePct: 10 })).toBe(false);
  });

  it('needs latency to agree as well as throughput', () => {
    expect(windowsAreStable([window(100, 10), window(100, 12), window(100, 10)], { tolerancePct: 10 })).toBe(false);
  });

  it('never accepts a window with zero throughput (an errored window)', () => {
    expect(windowsAreStable([window(0, 0), window(0, 0), window(0, 0)], { tolerancePct: 10 })).toBe(false);
  });

  it('honours another window count', () => {
    expect(windowsAreStable([window(100, 10), window(100, 10)], { tolerancePct: 10, compared: 2 })).toBe(true);
  });
});
