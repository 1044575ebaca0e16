import { ExitCode, StageFailedError } from '@pipeline/errors';
import type { BenchmarkReport, BenchmarkResult, MeasurementWindow } from '@pipeline/kinds';
import { evaluateGate, type GateInput } from '@pipeline/sdk';
import { describe, expect, it } from 'vitest';
import { gateBenchmark, judgeBenchmarkGates, windowSpread } from './gates.js';
import { benchmarkParamsSchema } from './params.js';

const window = (meanMs: number): MeasurementWindow => ({ runs: 5, duration_ms: 5 * meanMs, inferences_per_s: 1000 / meanMs, mean_latency_ms: meanMs });

/**
 * One configuration at batch 1 whose last three windows ran at 2.5, 2 and 2.5 ms per run: throughput
 * 400/500/400 per s, a 25% spread (1.25×), so unstable at the 10% tolerance. Figures: p99 2.5 ms,
 * 15 runs in 35 ms = 428.57 samples/s.
 */
function unstableReport(outcome: 'max-windows' | 'budget' | 'stable' = 'max-windows'): BenchmarkReport {
  const result = {
    batch: 1,
    concurrency: 1,
    sessions: 1,
    shapes: {},
    timed_runs: 15,
    walltime_ms: 35,
    throughput: { inferences_per_s: 15000 / 35, samples_per_s: 15000 / 35 },
    latency: { min_ms: 2, max_ms: 2.5, mean_ms: 35 / 15, median_ms: 2.5, p90_ms: 2.5, p95_ms: 2.5, p99_ms: 2.5 },
    stability: { stable: outcome === 'stable', outcome, tolerance_pct: 10, compared: 3, windows: [window(2), window(2), window(2.5), window(2), window(2.5)] },
    warnings: [],
  } satisfies BenchmarkResult;
  return {
    schema_version: 1,
    source: 'measured',
    model: { name: 'm.onnx' },
    runner: { backend: 'fake', version: '0', execution_providers: ['cpu'] },
    environment: {},
    settings: {},
    percentile_method: 'trtexec-nearest-rank',
    results: [result],
    primary: 0,
    warnings: [],
  };
}

const gates = (input: Record<string, unknown>) => benchmarkParamsSchema.parse({ gates: input }).gates;
const names = (list: GateInput[]) => list.map((g) => g.name);

describe('judgeBenchmarkGates on an unstable measurement (require_stable, the default)', () => {
  it('measures the spread over the compared windows only', () => {
    expect(windowSpread(unstableReport().results[0]!.stability!)).toBeCloseTo(1.25, 12);
  });

  it('decides nothing when the figure passes: an error of the measurement (exit 3), with the figures and the fix', () => {
    const judgement = judgeBenchmarkGates(unstableReport(), gates({ max_p99_ms: 3, min_throughput: 100 }));
    expect(judgement.record).toEqual([]);
    expect(names(judgement.undecided)).toEqual(['max_p99_ms', 'min_throughput']);
    expect(judgement.error).toBeInstanceOf(StageFailedError);
    expect(judgement.error).toMatchObject({ code: 'E_BENCHMARK_UNSTABLE', exitCode: ExitCode.StageErrored, transient: true });
    expect(judgement.error?.message).toContain('did not stabilise within max_windows = 5');
    expect(judgement.error?.message).toContain('max_p99_ms: latency.p99_ms = 2.5 ms, required <= 3 ms');
    expect(judgement.error?.hint).toContain('stability.window_ms');
  });

  it('treats windows cut short by the time budget as unstable too, and says the budget ended them', () => {
    const judgement = judgeBenchmarkGates(unstableReport('budget'), gates({ max_p99_ms: 3 }));
    expect(judgement.error).toMatchObject({ code: 'E_BENCHMARK_UNSTABLE' });
    expect(judgement.error?.message).toContain('did not stabilise within its time budget (budget_ms, 5 windows)');
    expect(judgeBenchmarkGates(unstableReport('budget'), gates({ max_p99_ms: 3, require_stable: false })).record.map((g) => g.message)).toEqual([
      expect.stringContaining('(the measurement was not stable)'),
    ]);
  });

  it('decides nothing when the figure fails by less than the spread (2.5 ms / 1.25 = 2 ms is within 2.1 ms)', () => {
    const judgement = judgeBenchmarkGates(unstableReport(), gates({ max_p99_ms: 2.1, min_throughput: 500 }));
    // 428.57 × 1.25 = 535.7 samples/s could meet 500.
    expect(names(judgement.undecided)).toEqual(['max_p99_ms', 'min_throughput']);
    expect(judgement.error?.code).toBe('E_BENCHMARK_UNSTABLE');
  });

  it('fails a gate missed by more than the spread (exit 1), and leaves the other one unjudged', () => {
    const judgement = judgeBenchmarkGates(unstableReport(), gates({ max_p99_ms: 1.9, min_throughput: 500 }));
    expect(judgement.error).toBeUndefined();
    expect(names(judgement.record)).toEqual(['max_p99_ms']);
    expect(evaluateGate(judgement.record[0]!).passed).toBe(false);
    expect(judgement.record[0]?.message).toBe('p99 latency is 2.5 ms at batch 1, concurrency 1, above max_p99_ms = 1.9 ms, by more than the 25% spread of its unstable windows');
    expect(names(judgement.undecided)).toEqual(['min_throughput']);
    // 535.7 samples/s at best is still under 600: decided.
    expect(names(judgeBenchmarkGates(unstableReport(), gates({ min_throughput: 600 })).record)).toEqual(['min_throughput']);
  });

  it('judges unstable figures as they are with require_stable: false, and says they were unstable', () => {
    const judgement = judgeBenchmarkGates(unstableReport(), gates({ max_p99_ms: 2.1, require_stable: false }));
    expect(judgement.error).toBeUndefined();
    expect(judgement.record.map((g) => evaluateGate(g).passed)).toEqual([false]);
    expect(judgement.record[0]?.message).toMatch(/\(the measurement was not stable\)$/);
  });

  it('judges a stable measurement, and one without gates, as before', () => {
    expect(judgeBenchmarkGates(unstableReport('stable'), gates({ max_p99_ms: 3 })).record.map((g) => evaluateGate(g).passed)).toEqual([true]);
    expect(judgeBenchmarkGates(unstableReport(), gates({}))).toEqual({ record: [], undecided: [] });
  });
});

describe('gateBenchmark', () => {
  it('throws the measurement error instead of recording a gate the unstable figure would pass', () => {
    const recorded: GateInput[] = [];
    const reporter = {
      gate: (g: GateInput) => {
        recorded.push(g);
        return evaluateGate(g).passed;
      },
    };
    expect(() => gateBenchmark(unstableReport(), gates({ max_p99_ms: 3 }), reporter)).toThrow(StageFailedError);
    expect(recorded).toEqual([]);
  });

  it('records the decided failure and warns about the gate it could not judge', () => {
    const warnings: string[] = [];
    const reporter = { gate: (g: GateInput) => evaluateGate(g).passed };
    expect(gateBenchmark(unstableReport(), gates({ max_p99_ms: 1.9, min_throughput: 500 }), reporter, { warn: (m: string) => warnings.push(m) })).toEqual([false]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^gate min_throughput not judged/);
  });
});
