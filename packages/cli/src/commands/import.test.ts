import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { trtexecReportSchema } from '@pipeline/tensorrt';
import { main } from '../main.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/trtexec');
const cwd = mkdtempSync(path.join(tmpdir(), 'cli-import-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    cwd,
    env: {},
    stdout: {
      write: (t: string) => {
        stdout += t;
      },
    },
    stderr: {
      write: (t: string) => {
        stderr += t;
      },
    },
    signal: new AbortController().signal,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
const fixture = (f: string) => path.join(fixtures, f);

describe('pipeline import trtexec', () => {
  it('prints trtexec’s summary for a passed run', async () => {
    const log = fixture('trt10.16-mnist-onnx-build-and-benchmark-default-success.log');
    const { code, stdout } = await cli('import', 'trtexec', log);
    expect(code).toBe(0);
    expect(stdout).toContain('trtexec PASSED — TensorRT 10.16.1');
    expect(stdout).toContain(/\[I\] (GPU Compute Time: .*)$/m.exec(readFileSync(log, 'utf8'))?.[1]);
  });
  it('imports a FAILED log with exit 0, passed: false and the failure class', async () => {
    const { code, stdout } = await cli('import', 'trtexec', fixture('trt10.0.1-loadEngine-incompatible-plan-FAILED.excerpt.log'), '--json');
    expect(code).toBe(0);
    const report = trtexecReportSchema.parse(JSON.parse(stdout));
    expect(report).toMatchObject({ passed: false, tensorrtVersion: '10.0.1', failure: { class: 'incompatible-plan' } });
  });
  it('joins the export files and writes --out', async () => {
    const { code, stdout } = await cli(
      'import', 'trtexec', fixture('trt8.6.1-yolov8-loadEngine-dynamic-shapes-benchmark-success.excerpt.log'),
      '--times', fixture('trex-resnet50-a100-fp16-exportTimes.json'),
      '--profile', fixture('trex-resnet50-a100-fp16-exportProfile.json'),
      '--layers', fixture('trex-resnet50-a100-fp16-exportLayerInfo-detailed.json'),
      '--out', 'report.json',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('wrote report.json');
    const report = trtexecReportSchema.parse(JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')));
    expect(report.layerProfile?.source).toBe('exportProfile');
    expect(report.layerProfile?.layers.every((l) => l.type !== undefined)).toBe(true);
    expect(report.timesStats?.records).toBeGreaterThan(1000);
  });
  it('exits 2 for a file that is not a trtexec log, or is missing', async () => {
    const notTrtexec = await cli('import', 'trtexec', fixture('polygraphy0.49-trt10.16-run-onnxrt-vs-trt-dynamic-shapes-pass.log'));
    expect(notTrtexec.code).toBe(2);
    expect(notTrtexec.stderr).toContain('not a trtexec log');
    const missing = await cli('import', 'trtexec', 'nope.log');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.log');
    const badExport = await cli('import', 'trtexec', fixture('article-trt8-performance-summary.log'), '--profile', fixture('trt8.6.1-help-no-args.txt'));
    expect(badExport.code).toBe(2);
    expect(badExport.stderr).toContain('trt8.6.1-help-no-args.txt');
    expect((await cli('import', 'perf-analyzer', 'x')).code).toBe(2);
  });
});
