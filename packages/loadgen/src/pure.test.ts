import { benchmarkResultSchema } from '@pipeline/kinds';
import { type ModelStatistics, parsePrometheusText, readTritonMetrics } from '@pipeline/kserve-client';
import { parsePerfAnalyzerCsv } from '@pipeline/perf-analyzer';
import { describe, expect, it } from 'vitest';
import { toPerfAnalyzerCsv } from './csv.js';
import { parseLoadRange } from './range.js';
import { nextGapMs } from './schedule.js';
import { gpuFiguresFromMetrics, serverSideFromStats } from './server-stats.js';
import { searchSlo } from './slo-search.js';
import { loadMeasurementToResult } from './to-result.js';
import type { LoadMeasurement, LoadSpec } from './types.js';
import { DEFAULT_WINDOWS } from './generator.js';
import { latencyFigures, newHistogram } from './window.js';

/** A measurement whose figures a test chooses (p99 = `p99`), as the generator would return it. */
function measurement(load: LoadSpec, p99: number, extra: Partial<LoadMeasurement> = {}): LoadMeasurement {
  return {
    load,
    windows: [1, 2, 3].map(() => ({ started: 100, completed: 100, errors: 0, duration_ms: 1000, throughput_per_s: 100, started_per_s: 100, mean_latency_ms: p99 / 2, stabilizing_latency_ms: p99 / 2 })),
    stable: true,
    outcome: 'stable',
    requests_ok: 300,
    started: 300,
    duration_ms: 3000,
    throughput_per_s: 100,
    started_per_s: 100,
    latency: { min_ms: p99 / 4, max_ms: p99 * 2, mean_ms: p99 / 2, std_ms: 1, p50_ms: p99 / 2, p90_ms: p99 * 0.8, p95_ms: p99 * 0.9, p99_ms: p99 },
    client_ms: { until_headers: p99 / 2 - 0.01, body: 0.01 },
    errors_by_kind: {},
    max_in_flight: load.mode === 'concurrency' ? load.concurrency : 4,
    ...extra,
  };
}

describe('parseLoadRange', () => {
  it('expands perf_analyzer ranges and geometric ones', () => {
    expect(parseLoadRange('1:16:x2')).toEqual([1, 2, 4, 8, 16]);
    expect(parseLoadRange('2:16:4')).toEqual([2, 6, 10, 14]);
    expect(parseLoadRange('8')).toEqual([8]);
    expect(parseLoadRange('0.5:2:0.5', 'request-rate')).toEqual([0.5, 1, 1.5, 2]);
  });
  it('refuses what is not a range', () => {
    expect(parseLoadRange('1:4')).toEqual([1, 2, 3, 4]);
    for (const bad of ['0:4', '4:1', '1:4:x1', '1.5:4', 'a:b', '1:2:3:4']) expect(() => parseLoadRange(bad)).toThrow(expect.objectContaining({ code: 'E_LOAD_RANGE' }));
  });
});

describe('searchSlo', () => {
  it('finds the highest load whose p99 meets the SLO with fewer measurements than a sweep', async () => {
    // p99 grows 1.5 ms per unit of concurrency: the SLO of 20 ms holds up to 13.
    const measure = async (c: number) => measurement({ mode: 'concurrency', concurrency: c }, 1.5 * c);
    const outcome = await searchSlo(measure, { min: 1, max: 64, maxP99Ms: 20 });
    const exact = Array.from({ length: 64 }, (_, i) => i + 1).filter((c) => 1.5 * c <= 20).at(-1);
    expect(outcome.best).toBe(exact);
    expect(outcome.tried.length).toBeLessThan(64 / 4);
    expect(outcome.tried.every((t) => t.met === 1.5 * t.load <= 20)).toBe(true);
  });
  it('a load with failed requests does not meet it; none met gives no best', async () => {
    const failing = async (c: number) => measurement({ mode: 'concurrency', concurrency: c }, 1, c > 4 ? { errors_by_kind: { http_5xx: 1 } } : {});
    expect((await searchSlo(failing, { min: 1, max: 64, maxP99Ms: 20 })).best).toBe(4);
    expect((await searchSlo(async (c) => measurement({ mode: 'concurrency', concurrency: c }, 50), { min: 1, max: 8, maxP99Ms: 20 })).best).toBeUndefined();
  });
});

describe('HDR percentiles', () => {
  it('agree with the exact nearest rank within the histogram’s 3 significant digits', () => {
    const h = newHistogram();
    const values = Array.from({ length: 10_000 }, (_, i) => 50 + ((i * 7919) % 10_000));
    for (const v of values) h.recordValue(v);
    const sorted = [...values].sort((a, b) => a - b);
    const rank = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
    const f = latencyFigures(h, 99.9);
    for (const [p, ms] of [[50, f.p50_ms], [90, f.p90_ms], [99, f.p99_ms], [99.9, f.extra?.ms ?? 0]] as const) {
      expect(Math.abs(ms * 1000 - rank(p)) / rank(p)).toBeLessThanOrEqual(0.001);
    }
    expect(f.min_ms * 1000).toBe(sorted[0]);
  });
});

describe('nextGapMs', () => {
  it('constant gaps are 1000/rate; Poisson gaps have that mean and spread (exponential: std = mean)', () => {
    expect(nextGapMs(250, 'constant', { seed: 1 })).toBe(4);
    const state = { seed: 7 };
    const gaps = Array.from({ length: 100_000 }, () => nextGapMs(250, 'poisson', state));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const std = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(Math.abs(mean - 4) / 4).toBeLessThan(0.02);
    expect(Math.abs(std - 4) / 4).toBeLessThan(0.03);
  });
});

describe('server side from /v2/models/stats snapshots', () => {
  const entry = (name: string, n: number, scale: number, cacheHits = 0): ModelStatistics => ({
    name,
    version: '1',
    last_inference: 0,
    inference_count: n,
    execution_count: n,
    inference_stats: {
      success: { count: n, ns: n * 1_000_000 * scale },
      fail: { count: 0, ns: 0 },
      queue: { count: n, ns: n * 100_000 * scale },
      compute_input: { count: n, ns: n * 50_000 * scale },
      compute_infer: { count: n, ns: n * 700_000 * scale },
      compute_output: { count: n, ns: n * 50_000 * scale },
      cache_hit: { count: cacheHits, ns: cacheHits * 1000 },
      cache_miss: { count: n - cacheHits, ns: 0 },
    },
    batch_stats: [],
  });
  it('takes deltas, per successful request, and lists the other models that ran as composing models', () => {
    const before = [entry('ens', 10, 2), entry('pre', 10, 1), entry('det', 10, 1), entry('idle', 5, 1)];
    const after = [entry('ens', 30, 2), entry('pre', 30, 1), entry('det', 30, 1), entry('idle', 5, 1)];
    const side = serverSideFromStats(before, after, 'ens');
    expect(side).toMatchObject({ inference_count: 20, execution_count: 20, success_count: 20, request_latency_ms: 2 });
    expect(side?.breakdown_ms.queue).toBeCloseTo(0.2, 12);
    expect(side?.breakdown_ms.overhead).toBeCloseTo(2 - (0.2 + 0.1 + 1.4 + 0.1), 12);
    expect(side?.composing_models?.map((c) => c.name)).toEqual(['pre', 'det']);
    expect(side?.composing_models?.[1]?.breakdown_ms.compute_infer).toBeCloseTo(0.7, 12);
    expect(serverSideFromStats(before, after, 'nope')).toBeUndefined();
    expect(side?.cache_miss_count).toBe(20);
  });
  it('counts cache hits, and gives no server side for a model reloaded in between (its counters went back)', () => {
    const side = serverSideFromStats([entry('m', 10, 1, 4)], [entry('m', 30, 1, 9)], 'm');
    expect(side).toMatchObject({ success_count: 20, cache_hit_count: 5, cache_miss_count: 15 });
    expect(serverSideFromStats([entry('m', 30, 1)], [entry('m', 10, 1)], 'm')).toBeUndefined();
  });
  it('GPU figures from Prometheus text with the metric names Triton documents', () => {
    const text = [
      '# HELP nv_gpu_utilization GPU utilization rate [0.0 - 1.0)',
      'nv_gpu_utilization{gpu_uuid="GPU-a"} 0.25',
      'nv_gpu_power_usage{gpu_uuid="GPU-a"} 71.5',
      'nv_gpu_memory_used_bytes{gpu_uuid="GPU-a"} 1048576',
      'nv_gpu_memory_total_bytes{gpu_uuid="GPU-a"} 16777216',
      'nv_inference_count{model="m",version="1"} 3',
    ].join('\n');
    const read = (t: string) => gpuFiguresFromMetrics(readTritonMetrics(parsePrometheusText(t)));
    expect(read(text)).toEqual([{ id: 'GPU-a', utilization: 0.25, power_w: 71.5, memory_used_bytes: 1048576, memory_total_bytes: 16777216 }]);
    expect(read('nv_inference_count{model="m",version="1"} 3\n')).toEqual([]);
  });
});

describe('results and the perf_analyzer CSV', () => {
  const context = { batch: 2, shapes: { x: [2, 3] }, windows: DEFAULT_WINDOWS, rateTolerancePct: 10 };
  it('a rate the generator did not reach is reported as achieved, flagged not sustained', () => {
    const r = loadMeasurementToResult(measurement({ mode: 'request-rate', rate_per_s: 500, distribution: 'poisson' }, 4, { started_per_s: 300 }), context);
    expect(r.load).toMatchObject({ mode: 'request-rate', asked_rate_per_s: 500, achieved_rate_per_s: 300, sustained: false });
    expect(r.warnings.map((w) => w.code)).toContain('W_RATE_NOT_SUSTAINED');
    const ok = loadMeasurementToResult(measurement({ mode: 'request-rate', rate_per_s: 500, distribution: 'poisson' }, 4, { started_per_s: 495 }), context);
    expect(ok.load?.sustained).toBe(true);
  });
  it('the CSV reads back through the perf_analyzer CSV reader with the report’s figures, sorted by throughput', () => {
    const results = [4, 1, 2].map((c) => loadMeasurementToResult(measurement({ mode: 'concurrency', concurrency: c }, c * 3, { throughput_per_s: 100 * Math.min(c, 2) + c }), context));
    for (const r of results) benchmarkResultSchema.parse(r);
    const csv = parsePerfAnalyzerCsv(toPerfAnalyzerCsv(results));
    expect(csv.rows.map((r) => r.value)).toEqual([1, 2, 4]);
    for (const row of csv.rows) {
      const r = results.find((x) => x.concurrency === row.value);
      expect(row.columns['p99 latency']).toBe(Math.round((r?.latency.p99_ms ?? 0) * 1000));
      expect(row.columns['p50 latency']).toBe(Math.round((r?.latency.median_ms ?? 0) * 1000));
      expect(row.columns['Inferences/Second']).toBeCloseTo(r?.throughput.samples_per_s ?? 0, 1);
    }
  });
});
