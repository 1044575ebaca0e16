import type { MeasuredBenchmarkResult as BenchmarkResult } from './report-schema.js';
import { describe, expect, it } from 'vitest';
import { analyzeSweep, runBatchSweep, sweepBatchSizes } from './sweep.js';

describe('sweepBatchSizes', () => {
  it('lists powers of two and ends on the maximum', () => {
    expect(sweepBatchSizes(32)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(sweepBatchSizes(24)).toEqual([1, 2, 4, 8, 16, 24]);
    expect(sweepBatchSizes(1)).toEqual([1]);
    expect(() => sweepBatchSizes(0)).toThrow(RangeError);
  });
});

describe('analyzeSweep (stop when gains stay under the threshold for `patience` steps)', () => {
  const rule = { minGainPct: 5, patience: 2 };

  it('keeps going while throughput rises by 5% or more', () => {
    expect(analyzeSweep([100, 180, 300], rule)).toEqual({ stop: false, knee: 2, best: 2 });
  });

  it('stops after two small gains in a row and puts the knee before them', () => {
    // 300 → 310 (+3.3%) → 318 (+2.6% over the best, 310): two plateau steps.
    expect(analyzeSweep([100, 180, 300, 310, 318], rule)).toEqual({ stop: true, knee: 2, best: 4 });
  });

  it('resets the count when a later step gains again', () => {
    expect(analyzeSweep([100, 102, 150, 151], rule)).toEqual({ stop: false, knee: 2, best: 3 });
  });

  it('counts a drop as a plateau step and keeps the best before it', () => {
    expect(analyzeSweep([100, 200, 150, 190], rule)).toEqual({ stop: true, knee: 1, best: 1 });
  });

  it('stops after one flat step with patience 1', () => {
    expect(analyzeSweep([100, 101], { minGainPct: 5, patience: 1 })).toEqual({ stop: true, knee: 0, best: 1 });
  });

  it('chooses the knee among the points that stabilised, and keeps every point for the stop rule and the best', () => {
    // Unstable point 2 (300) is skipped for the knee: among 100, 180, 310, 318 the last gain of 5% is 180 → 310.
    expect(analyzeSweep([100, 180, 300, 310, 318], rule, [false, false, true, false, false])).toEqual({ stop: true, knee: 3, best: 4 });
    // An unstable first point: the knee starts from the first stable one (180), and 181 is no gain over it.
    expect(analyzeSweep([100, 180, 181], { minGainPct: 5, patience: 5 }, [true, false, false])).toEqual({ stop: false, knee: 1, best: 2 });
  });

  it('falls back to the whole curve when no point stabilised', () => {
    expect(analyzeSweep([100, 180, 300, 310, 318], rule, [true, true, true, true, true])).toEqual({ stop: true, knee: 2, best: 4 });
  });
});

describe('runBatchSweep', () => {
  const fakeResult = (batch: number, samplesPerS: number) => ({ batch, throughput: { samples_per_s: samplesPerS, inferences_per_s: samplesPerS / batch } }) as BenchmarkResult;

  it('measures until the curve plateaus and reports the knee', async () => {
    const curve: Record<number, number> = { 1: 100, 2: 190, 4: 330, 8: 340, 16: 345, 32: 400 };
    const asked: number[] = [];
    const outcome = await runBatchSweep(
      async (batch) => {
        asked.push(batch);
        return fakeResult(batch, curve[batch] as number);
      },
      { maxBatch: 32, minGainPct: 5, patience: 2 },
    );
    expect(asked).toEqual([1, 2, 4, 8, 16]);
    expect(outcome.sweep).toMatchObject({ batches: [1, 2, 4, 8, 16], knee_batch: 4, best_batch: 16, stopped_by: 'plateau' });
  });

  it('moves the knee off a batch whose windows never agreed', async () => {
    const curve: Record<number, number> = { 1: 100, 2: 190, 4: 330, 8: 340, 16: 345 };
    const outcome = await runBatchSweep(
      async (batch) => ({ ...fakeResult(batch, curve[batch] as number), stability: { outcome: batch === 4 ? 'max-windows' : 'stable' } }) as BenchmarkResult,
      { maxBatch: 16, minGainPct: 5, patience: 2 },
    );
    // Without batch 4, 190 → 340 is the last gain of 5% or more: the knee is batch 8.
    expect(outcome.sweep).toMatchObject({ batches: [1, 2, 4, 8, 16], knee_batch: 8, best_batch: 16, stopped_by: 'plateau' });
  });

  it('stops after the batch in which the time budget ran out, keeping the points measured', async () => {
    const asked: number[] = [];
    const rising = (batch: number) => {
      asked.push(batch);
      return Promise.resolve(fakeResult(batch, batch * 100));
    };
    const outcome = await runBatchSweep(rising, { maxBatch: 8, minGainPct: 5, patience: 1, outOfBudget: () => asked.length >= 2 });
    expect(asked).toEqual([1, 2]);
    expect(outcome.sweep).toMatchObject({ batches: [1, 2], knee_batch: 2, stopped_by: 'budget' });
    // The same sweep with budget left runs to the maximum batch.
    asked.length = 0;
    expect((await runBatchSweep(rising, { maxBatch: 8, minGainPct: 5, patience: 1, outOfBudget: () => false })).sweep.stopped_by).toBe('max-batch');
  });

  it('reports max-batch when the curve keeps rising', async () => {
    const outcome = await runBatchSweep(async (batch) => fakeResult(batch, batch * 100), { maxBatch: 8, minGainPct: 5, patience: 1 });
    expect(outcome.sweep).toMatchObject({ batches: [1, 2, 4, 8], knee_batch: 8, best_batch: 8, stopped_by: 'max-batch' });
  });
});
