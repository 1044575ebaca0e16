import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildTrtexecReport,
  formatTrtexecReport,
  parseTrtexecLayerInfo,
  parseTrtexecLog,
  parseTrtexecProfile,
  trtexecReportJsonSchema,
  trtexecReportSchema,
} from '@pipeline/tensorrt';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixture = (f: string) => readFileSync(path.resolve(repoRoot, 'test/fixtures/recorded/trtexec', f), 'utf8');

describe('trtexec-report JSON Schema', () => {
  it('matches the committed schemas/trtexec-report.schema.json (regenerate it when this fails)', () => {
    const committed = readFileSync(path.resolve(repoRoot, 'schemas/trtexec-report.schema.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(JSON.stringify(trtexecReportJsonSchema())));
  });
});

describe('buildTrtexecReport', () => {
  it('turns a passed benchmark into a valid report', () => {
    const text = fixture('trt10.16-mnist-onnx-build-and-benchmark-default-success.log');
    const report = buildTrtexecReport({ run: parseTrtexecLog(text), sources: { log: 'run.log' } });
    expect(trtexecReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(report.passed).toBe(true);
    expect(report.failure).toBeUndefined();
    expect(report.performance?.timedQueries).toBe(Number(/Timing trace has (\d+) queries/.exec(text)?.[1]));
    const summary = formatTrtexecReport(report);
    // The printed summary repeats trtexec's own lines verbatim.
    for (const label of ['Throughput', 'Latency', 'GPU Compute Time', 'Total Host Walltime']) {
      const line = new RegExp(`\\[I\\] (${label}: .*)$`, 'm').exec(text)?.[1];
      expect(summary).toContain(line);
    }
  });
  it('keeps a failed run importable, with its class and hint', () => {
    const report = buildTrtexecReport({ run: parseTrtexecLog(fixture('trt8.6.1-onnx-parse-failure-qdq-scale-FAILED.excerpt.log')), sources: { log: 'f.log' } });
    expect(trtexecReportSchema.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ passed: false, outcome: 'failed', failure: { class: 'onnx-parse-error' } });
    expect(formatTrtexecReport(report)).toMatch(/failure: onnx-parse-error[\s\S]*hint: /);
  });
  it('joins the export profile with layer types and turns non-finite numbers into null', () => {
    const profile = parseTrtexecProfile(fixture('trex-resnet50-a100-fp16-exportProfile.json'));
    const layerInfo = parseTrtexecLayerInfo(fixture('trex-resnet50-a100-fp16-exportLayerInfo-detailed.json'));
    profile.layers.push({ name: 'odd', timeMs: Number.NaN, averageMs: 0, percentage: 0 });
    const report = buildTrtexecReport({ run: parseTrtexecLog(''), sources: { log: 'x.log' }, profile, layerInfo });
    expect(report.layerProfile?.layers[0]?.type).toBe(layerInfo.layers.find((l) => l.name === profile.layers[0]?.name)?.type);
    expect(report.layerProfile?.layers.at(-1)?.timeMs).toBeNull();
    expect(trtexecReportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
  });
});
