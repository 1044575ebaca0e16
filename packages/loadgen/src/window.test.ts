import { describe, expect, it } from 'vitest';
import { latencyFigures, newHistogram, WindowAccumulator } from './window.js';

describe('WindowAccumulator', () => {
  it('gives the histogram that recording each latency on its own gives, staged tallies and slow requests alike', () => {
    const window = new WindowAccumulator(0);
    const direct = newHistogram();
    // Latencies from 0.4 µs to 2 s: below the staged range (rounded up to 1 µs), across it, and past it.
    const latencies = Array.from({ length: 5000 }, (_, i) => 0.4 + ((i * 7919) % 4000) ** 2 / 8);
    for (const us of latencies) {
      window.ok(us, us / 2);
      direct.recordValue(Math.max(1, Math.round(us)));
    }
    expect(Math.max(...latencies)).toBeGreaterThan(1_000_000);
    expect(window.histogram.totalCount).toBe(latencies.length);
    expect(latencyFigures(window.histogram, 99.9)).toEqual(latencyFigures(direct, 99.9));
    // Read again after more requests: the tallies are added once, never twice.
    window.ok(20, 10);
    direct.recordValue(20);
    expect(latencyFigures(window.histogram)).toEqual(latencyFigures(direct));
    expect(window.histogram.totalCount).toBe(latencies.length + 1);
  });
});
