import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPipeline, runPlan, StageRegistry } from '@pipeline/core';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { afterAll, describe, expect, it } from 'vitest';
import { plugin as inspectPlugin } from '@pipeline/stage-inspect';
import { plugin } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pipelineFile = path.join(repoRoot, 'pipelines/ocr-benchmark.yaml');
const workspaces: string[] = [];
afterAll(async () => {
  await Promise.all(workspaces.map((d) => rm(d, { recursive: true, force: true })));
});

/** Plans and runs pipelines/ocr-benchmark.yaml in-process, in a throwaway workspace, with short windows. */
async function runOcrBenchmark(params: Record<string, string>) {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ocr-benchmark-'));
  workspaces.push(workspace);
  const { plan } = await loadPipeline(pipelineFile, {
    registry: StageRegistry.fromPlugins([inspectPlugin, plugin]),
    params: { max_batch: '2', window_ms: '20', ...params },
    env: {},
    cwd: repoRoot,
  });
  return runPlan(plan, { workspace, concurrency: 1 });
}

describe('pipelines/ocr-benchmark.yaml', () => {
  it('plans inspect, then the benchmark stage, which is never cached', async () => {
    const { plan } = await loadPipeline(pipelineFile, { registry: StageRegistry.fromPlugins([inspectPlugin, plugin]), env: {}, cwd: repoRoot });
    expect(plan.stages.map((s) => [s.id, s.uses])).toEqual([
      ['inspect', 'inspect'],
      ['benchmark', 'benchmark'],
    ]);
    expect(plan.stages.find((s) => s.id === 'benchmark')?.cache).toBe(false);
    expect(plan.params).toMatchObject({ max_p99_ms: 100, max_batch: 32 });
  });

  it('fails the impossible gate -p max_p99_ms=0.001 with the figure and the bound, and still stores the report', async () => {
    const record = await runOcrBenchmark({ max_p99_ms: '0.001' });
    expect(record.status).toBe('failed');
    expect(record.stages.find((s) => s.id === 'inspect')?.status).toBe('succeeded');
    const stage = record.stages.find((s) => s.id === 'benchmark');
    expect(stage?.status).toBe('failed');
    const gate = stage?.gates.find((g) => g.name === 'max_p99_ms');
    expect(gate).toMatchObject({ passed: false, bound: 0.001, unit: 'ms' });
    expect(stage?.error?.message).toMatch(/^p99 latency is \S+ ms at batch \d+, concurrency 1, above max_p99_ms = 0\.001 ms/);
    const reportPath = stage?.outputs.report?.path;
    expect(reportPath).toBeDefined();
    const report = benchmarkReportSchema.parse(JSON.parse(await readFile(reportPath as string, 'utf8')));
    expect(report.sweep?.batches).toEqual([1, 2]);
    // The text-line images, 48×192 as the pipeline's data: asks, stacked into batches.
    expect(report.results.map((r) => r.shapes)).toEqual([{ x: [1, 3, 48, 192] }, { x: [2, 3, 48, 192] }]);
    expect(report.model.name).toBe('ch_ppocr_mobile_v2.0_cls_infer.onnx');
    expect(gate?.value).toBe(report.results[report.primary]?.latency.p99_ms);
  });
});
