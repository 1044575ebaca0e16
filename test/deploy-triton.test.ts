import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { deployTritonStage } from '@pipeline/stage-deploy-triton';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import { type DeployTarget, startDeployTarget } from './support/deploy-target.js';
import type { ServeProcess } from './support/serve-process.js';
import { stageRunner } from './support/stage-in-process.js';
import { ocrModels } from './support/test-models.js';

let target: DeployTarget;
let serve: ServeProcess;
let serveRepo: string;
let packaged: string;
let proxy: FaultProxy;
beforeAll(async () => {
  target = await startDeployTarget();
  ({ serve, repository: serveRepo, packaged } = target);
  proxy = await startFaultProxy(serve.url);
});
afterAll(async () => {
  await proxy.close();
  await target.stop();
  await cleanup();
});
const onDisk = (model: string) => target.onDisk(model);
const readyVersions = (model: string) => target.readyVersions(model);

const { runStage, cleanup } = stageRunner();
const deployInputs = () => ({
  repository: { kind: 'triton-model-repository', digest: 'sha256:test', size: 0, path: packaged, meta: { models: [], entry: 'cls' } },
  reference: { kind: 'onnx-model', digest: 'sha256:test', size: 0, path: ocrModels.cls, meta: {} },
});

/** Runs deploy/triton in-process; its outputs or its error, the gates, and deploy-report.json when written. */
async function deploy(withParams: Record<string, unknown>) {
  const run = await runStage(deployTritonStage, withParams, deployInputs());
  const report = run.result ? JSON.parse(await readFile(run.result.outputs.report.path, 'utf8')) : undefined;
  return { ...run, report };
}

const base = {
  smoke: { dims: { 'p2o.DynamicDimension.1': 48, 'p2o.DynamicDimension.2': 64 } },
  load: { concurrency: '1:2:x2', window_ms: 150, max_windows: 3, stability_pct: 100 },
  ready_timeout_ms: 5000,
  request_timeout_ms: 2000,
};

describe('deploy/triton against pipeline serve (its own process) behind a fault-injecting proxy', () => {
  it('puts the package in as a new version, smoke- and load-tests it, and keeps it', async () => {
    proxy.rule = () => 'pass';
    const before = await readyVersions('cls');
    const { report, gates, result, error, logs } = await deploy({ ...base, url: proxy.url, gates: { max_error_rate: 0 } });
    expect(error, `${error?.message}\n${logs.join('\n')}`).toBeUndefined();
    const expectedVersion = Math.max(...before.map(Number)) + 1;
    expect(report).toMatchObject({ outcome: 'deployed', version: expectedVersion, entry: 'cls' });
    expect(await readyVersions('cls')).toEqual([String(expectedVersion)]);
    expect(gates.every((g) => g.passed)).toBe(true);
    expect(gates.map((g) => g.name)).toEqual(['smoke.mismatched_elements', 'max_error_rate']);
    const load = benchmarkReportSchema.parse(JSON.parse(await readFile(result?.outputs.load?.path ?? '', 'utf8')));
    expect(load.results.map((r) => r.concurrency)).toEqual([1, 2]);
  });

  it('a failed SLO gate rolls back to the previous version and fails the gate (exit 1)', async () => {
    proxy.rule = () => 'pass';
    // Triton keeps no copy of a version pushed through the load API: a rollback reloads the repository's.
    const before = await onDisk('cls');
    const { report, gates, error } = await deploy({ ...base, url: proxy.url, gates: { max_p99_ms: 0.000001 } });
    expect(error).toBeUndefined();
    expect(report.outcome).toBe('rolled-back');
    expect(report.failure).toMatchObject({ step: 'load-test', kind: 'gate' });
    expect(report.steps.at(-1)).toMatchObject({ step: 'rollback cls', status: 'ok' });
    expect(gates.find((g) => g.name === 'max_p99_ms')?.passed).toBe(false);
    expect(await readyVersions('cls')).toEqual(before);
  });

  it('5xx and resets during the load test are counted by kind, end the deploy as an infrastructure error (exit 3), and roll back', async () => {
    const before = await onDisk('cls');
    let n = 0;
    proxy.rule = (method, url) => (method === 'POST' && url.endsWith('/infer') && url.includes('/versions/') && n++ > 0 ? (n % 2 ? '503' : 'reset') : 'pass');
    const { error, logs } = await deploy({ ...base, url: proxy.url });
    proxy.rule = () => 'pass';
    expect(error).toMatchObject({ code: 'E_DEPLOY_SERVER_FAULTS', exitCode: 3 });
    expect(error?.message).toMatch(/\d+ http_5xx/);
    expect(error?.message).toMatch(/\d+ reset/);
    expect(error?.message).toContain('previous state was restored');
    expect(logs.join('\n')).toContain('rollback cls: reloaded');
    expect(await readyVersions('cls')).toEqual(before);
  });

  it('a server that dies mid-test: counted, no hang, exit 3, and the report says the rollback could not reach it', async () => {
    const doomed = await startFaultProxy(serve.url);
    let infers = 0;
    doomed.rule = (method, url) => {
      // Early in the load test (the smoke inference is the first), so even a slow machine's few requests see it die.
      if (method === 'POST' && url.endsWith('/infer') && ++infers === 6) void doomed.close();
      return 'pass';
    };
    const { error, logs } = await deploy({ ...base, url: doomed.url });
    expect(error).toMatchObject({ exitCode: 3 });
    expect(error?.message).toContain('ROLLBACK FAILED');
    expect(error?.message).toMatch(/\d+ (refused|reset)/);
    expect(logs.join('\n')).toMatch(/rollback cls failed/);
    // Behind the proxy the server itself lived: put it back as the repository has it for the next tests.
    await fetch(`${serve.url}/v2/repository/models/cls/load`, { method: 'POST', body: '{}' });
  });

  it('a server that never says ready is an infrastructure error (exit 3) after a rollback; an unreachable one fails at connect', async () => {
    const before = await onDisk('cls');
    proxy.rule = (method, url) => (method === 'GET' && url.endsWith('/ready') ? 'hang' : 'pass');
    const slow = await deploy({ ...base, url: proxy.url, ready_timeout_ms: 600, request_timeout_ms: 300 });
    proxy.rule = () => 'pass';
    expect(slow.error).toMatchObject({ code: 'E_DEPLOY_NOT_READY', exitCode: 3 });
    expect(slow.error?.message).toContain('previous state was restored');
    expect(await readyVersions('cls')).toEqual(before);
    const down = await deploy({ ...base, url: 'http://127.0.0.1:1' });
    expect(down.error?.exitCode).toBe(3);
    expect(down.logs.join('\n')).toContain('connect failed');
  });

  it('mode repository writes the new version into the server’s repository folder, and a rollback takes it out again', async () => {
    proxy.rule = () => 'pass';
    const before = await onDisk('cls');
    const configBefore = await readFile(path.join(serveRepo, 'cls/config.pbtxt'), 'utf8');
    const failed = await deploy({ ...base, url: proxy.url, mode: 'repository', repository_path: serveRepo, gates: { max_p99_ms: 0.000001 } });
    expect(failed.report).toMatchObject({ mode: 'repository', outcome: 'rolled-back' });
    expect(await onDisk('cls')).toEqual(before);
    expect(await readFile(path.join(serveRepo, 'cls/config.pbtxt'), 'utf8')).toBe(configBefore);
    expect(await readyVersions('cls')).toEqual([before.map(Number).sort((a, b) => a - b).at(-1)?.toString()]);
    const kept = await deploy({ ...base, url: proxy.url, mode: 'repository', repository_path: serveRepo });
    expect(kept.error).toBeUndefined();
    const version = String(kept.report.version);
    expect(await onDisk('cls')).toContain(version);
    expect(await readyVersions('cls')).toEqual([version]);
  });
});
