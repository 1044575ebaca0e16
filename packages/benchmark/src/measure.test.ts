import { InterruptedError, StageFailedError } from '@pipeline/errors';
import type { Runner } from '@pipeline/runner';
import { describe, expect, it } from 'vitest';
import { measure } from './measure.js';
import { toBenchmarkResult } from './result.js';

/**
 * A virtual clock and a runner that advances it: run i takes `latencyOf(i)` virtual ms, and every clock
 * read costs `readCostMs`, which is the "harness overhead" the measurement should find.
 */
function virtualBench(latencyOf: (run: number) => number, readCostMs = 0) {
  let now = 0;
  let runs = 0;
  const fedWith: unknown[] = [];
  const clock = () => {
    const t = now;
    now += readCostMs;
    return t;
  };
  const runner: Pick<Runner, 'run'> = {
    run: async (feeds) => {
      fedWith.push(feeds);
      now += latencyOf(runs++);
      return {};
    },
  };
  return { clock, runner, fedWith, runCount: () => runs };
}

const feeds = [{}];

describe('measure', () => {
  it('warms up, then measures windows until the last three agree, and merges those three', async () => {
    const bench = virtualBench(() => 2, 0.01);
    const m = await measure({
      runners: [bench.runner],
      feeds,
      warmup: { runs: 4, ms: 0 },
      window: { runs: 10, ms: 0 },
      stability: { tolerancePct: 10, maxWindows: 10 },
      clock: bench.clock,
    });
    expect(m.warmupRuns).toBe(4);
    expect(m.windows).toHaveLength(3);
    expect(m.stability).toMatchObject({ stable: true, outcome: 'stable', compared: 3, tolerance_pct: 10 });
    expect(m.latencies).toHaveLength(30);
    expect(bench.runCount()).toBe(34);
    // Each timed run is the runner's 2 ms plus one clock read; the gap before the next start is one read.
    for (const latency of m.latencies) expect(latency).toBeCloseTo(2.01, 9);
    expect(m.hostOverheadMs).toBeCloseTo(0.01, 9);
    expect(m.walltimeMs).toBeCloseTo(30 * 2.02, 6);
  });

  it('gives up after max_windows on a series that never settles, and says so', async () => {
    // Windows of 5 runs alternate between 1 ms and 3 ms runs: neighbouring windows differ threefold.
    const bench = virtualBench((run) => (Math.floor((run - 1) / 5) % 2 === 0 ? 1 : 3));
    const m = await measure({
      runners: [bench.runner],
      feeds,
      warmup: { runs: 1, ms: 0 },
      window: { runs: 5, ms: 0 },
      stability: { tolerancePct: 10, maxWindows: 6 },
      clock: bench.clock,
    });
    expect(m.windows).toHaveLength(6);
    expect(m.stability).toMatchObject({ stable: false, outcome: 'max-windows' });
    const result = toBenchmarkResult(m, { batch: 4, concurrency: 1, sessions: 1, shapes: { x: [4, 3] } });
    expect(result.warnings.map((w) => w.code)).toContain('W_UNSTABLE_MEASUREMENT');
    // Figures are still reported, from the last three windows (3 ms, 1 ms, 3 ms runs).
    expect(result.timed_runs).toBe(15);
    expect(result.latency.min_ms).toBe(1);
    expect(result.latency.max_ms).toBe(3);
  });

  it('stops at the first window closing past the deadline, says the budget ended it, and how far apart its windows were', async () => {
    // The same never-settling series as above (1 ms and 3 ms windows of 5 runs), with a budget of 25 ms:
    // after a 3 ms warm-up run, windows close at 8, 23 and 28 ms, so the third is the last.
    const never = (run: number) => (Math.floor((run - 1) / 5) % 2 === 0 ? 1 : 3);
    const bench = virtualBench(never);
    const m = await measure({
      runners: [bench.runner],
      feeds,
      warmup: { runs: 1, ms: 0 },
      window: { runs: 5, ms: 0 },
      stability: { tolerancePct: 10, maxWindows: 20 },
      deadlineMs: 25,
      clock: bench.clock,
    });
    expect(m.windows).toHaveLength(3);
    // Throughput and mean latency of the last three windows differ threefold: a 200% spread.
    expect(m.stability).toMatchObject({ stable: false, outcome: 'budget', spread_pct: 200 });
    const result = toBenchmarkResult(m, { batch: 1, concurrency: 1, sessions: 1, shapes: { x: [1, 3] } });
    expect(result.warnings.map((w) => w.code)).toContain('W_UNSTABLE_WITHIN_BUDGET');
    // A series that settles within the budget is stable, with its spread under the tolerance.
    const steady = virtualBench(() => 2);
    const settled = await measure({ runners: [steady.runner], feeds, window: { runs: 5, ms: 0 }, stability: { tolerancePct: 10, maxWindows: 20 }, deadlineMs: 1000, clock: steady.clock });
    expect(settled.stability).toMatchObject({ stable: true, outcome: 'stable', spread_pct: 0 });
  });

  it('closes a time window only when both its run count and its duration are reached', async () => {
    const bench = virtualBench(() => 10);
    const m = await measure({
      runners: [bench.runner],
      feeds,
      warmup: { runs: 0, ms: 25 },
      window: { runs: 2, ms: 45 },
      stability: false,
      clock: bench.clock,
    });
    // Warm-up needs 3 runs to pass 25 ms; the window needs 5 runs to pass 45 ms.
    expect(m.warmupRuns).toBe(3);
    expect(m.warmupMs).toBe(30);
    expect(m.windows).toHaveLength(1);
    expect(m.latencies).toHaveLength(5);
    expect(m.stability).toMatchObject({ stable: false, outcome: 'single-window' });
    const result = toBenchmarkResult(m, { batch: 8, concurrency: 1, sessions: 1, shapes: {} });
    // 5 runs over 50 ms = 100 inferences/s, 800 samples/s at batch 8.
    expect(result.throughput.inferences_per_s).toBeCloseTo(100, 9);
    expect(result.throughput.samples_per_s).toBeCloseTo(800, 9);
  });

  it('cycles the pre-built feeds and spreads concurrent requests over the sessions', async () => {
    let now = 0;
    const calls: string[] = [];
    const session = (name: string): Pick<Runner, 'run'> => ({
      run: async (f) => {
        calls.push(`${name}:${Object.keys(f)[0]}`);
        now += 1;
        return {};
      },
    });
    const m = await measure({
      runners: [session('s0'), session('s1')],
      feeds: [{ a: { dtype: 'float32', shape: [1], data: new Float32Array(1) } }, { b: { dtype: 'float32', shape: [1], data: new Float32Array(1) } }],
      concurrency: 2,
      warmup: { runs: 0, ms: 0 },
      window: { runs: 8, ms: 0 },
      stability: false,
      clock: () => now,
    });
    expect(m.hostOverheadMs).toBeUndefined();
    expect(calls.filter((c) => c.startsWith('s0')).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.startsWith('s1')).length).toBeGreaterThan(0);
    expect(new Set(calls)).toEqual(new Set(['s0:a', 's0:b', 's1:b', 's1:a']));
  });

  it('stops on a failed run with the runner’s error, and on cancellation', async () => {
    const failing: Pick<Runner, 'run'> = {
      run: async () => {
        throw new StageFailedError('E_RUNNER_RUN', 'boom');
      },
    };
    await expect(measure({ runners: [failing], feeds, window: { runs: 5 }, warmup: { ms: 0 } })).rejects.toThrow('boom');
    const controller = new AbortController();
    controller.abort();
    const bench = virtualBench(() => 1);
    await expect(
      measure({ runners: [bench.runner], feeds, window: { runs: 5 }, warmup: { ms: 0 }, clock: bench.clock, signal: controller.signal }),
    ).rejects.toBeInstanceOf(InterruptedError);
  });
});
