import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPipeline, runPlan, StageRegistry } from '@pipeline/core';
import { validationReportSchema } from '@pipeline/kinds';
import { plugin as convertPlugin } from '@pipeline/stage-convert-onnxruntime';
import { afterAll, describe, expect, it } from 'vitest';
import { plugin } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pipelineFile = path.join(repoRoot, 'pipelines/ocr-fp16-validate.yaml');
const labelsFile = path.join(repoRoot, 'pipelines/data/text-direction/labels.txt');
const workspaces: string[] = [];
afterAll(async () => {
  await Promise.all(workspaces.map((d) => rm(d, { recursive: true, force: true })));
});

async function runPipeline(params: Record<string, string>) {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ocr-fp16-'));
  workspaces.push(workspace);
  const { plan } = await loadPipeline(pipelineFile, { registry: StageRegistry.fromPlugins([convertPlugin, plugin]), params, env: {}, cwd: repoRoot });
  const record = await runPlan(plan, { workspace, concurrency: 1 });
  const stage = record.stages.find((s) => s.id === 'validate');
  const reportPath = stage?.outputs.report?.path;
  const report = reportPath ? validationReportSchema.parse(JSON.parse(await readFile(reportPath, 'utf8'))) : undefined;
  return { record, stage, report };
}

/** Labels counted with a second, simpler reader: half of the lines are rotated by construction. */
async function labelCounts() {
  const lines = (await readFile(labelsFile, 'utf8')).split('\n').filter((l) => /^\S+\.png [01]$/.test(l));
  return { total: lines.length, rotated: lines.filter((l) => l.endsWith(' 1')).length };
}

describe('pipelines/ocr-fp16-validate.yaml', () => {
  it('FP16 passes against FP32 on every labelled line, with its lineage and top-1 figures in the report', async () => {
    const { record, stage, report } = await runPipeline({});
    expect(record.status).toBe('succeeded');
    const counts = await labelCounts();
    expect(counts.rotated * 2).toBe(counts.total);
    expect(report?.data.samples).toBe(counts.total);
    expect(report?.candidate.kind).toBe('onnx-model');
    const [softmax] = report?.outputs ?? [];
    expect(softmax?.passed).toBe(true);
    // FP16 changes the numbers (a nonzero error) without changing any decision.
    expect(softmax?.statistics.max_abs_error?.max).not.toBe(0);
    expect(softmax?.statistics.top1_agreement?.min).toBe(1);
    const reference: Record<string, unknown> = report?.task_metrics?.reference ?? {};
    const candidate: Record<string, unknown> = report?.task_metrics?.candidate ?? {};
    expect(typeof reference.top1_accuracy).toBe('number');
    expect(candidate.top1_accuracy).toBe(reference.top1_accuracy);
    expect(stage?.gates.every((g) => g.passed)).toBe(true);
    // The detector (BatchNormalization kept float32) passes its quantile check and gates too.
    const det = record.stages.find((s) => s.id === 'validate_det');
    expect(det?.status).toBe('succeeded');
    expect(det?.gates.map((g) => g.name)).toEqual(['tolerance:sigmoid_0.tmp_0', 'cosine_similarity:sigmoid_0.tmp_0', 'snr_db:sigmoid_0.tmp_0']);
    const converted = record.stages.find((s) => s.id === 'convert')?.outputs.model;
    const meta = (converted?.meta ?? {}) as { lineage?: { by: string; params: { precision: string } }[] };
    expect(meta.lineage?.[0]).toMatchObject({ by: 'convert/onnxruntime', params: { precision: 'fp16' } });
  });

  it('-p fault=1.5 (first conv weights scaled) fails the gates, naming output, statistic, bound and worst sample', async () => {
    const { record, stage, report } = await runPipeline({ fault: '1.5' });
    expect(record.status).toBe('failed');
    expect(stage?.status).toBe('failed');
    expect(report?.passed).toBe(false);
    const failed = stage?.gates.filter((g) => !g.passed).map((g) => g.name);
    expect(failed).toContain('tolerance:softmax_0.tmp_0');
    expect(stage?.error?.message).toMatch(/output 'softmax_0.tmp_0': \d+ of 64 samples fail the elemwise check; worst sample 'line_\d{3}\.png'.*atol=0.01/);
  });
});
